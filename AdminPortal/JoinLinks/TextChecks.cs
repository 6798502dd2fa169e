using System.Globalization;

namespace AdminPortal.JoinLinks;

/// <summary>Length and visibility checks for free text typed by staff or visitors.</summary>
public static class TextChecks
{
    /// <summary>"at most N characters (you have M)", or null; nothing is ever cut to fit.</summary>
    public static string? TooLong(string label, string? value, int max) =>
        value is not null && value.Length > max ? $"{label} must be at most {max} characters (you have {value.Length})." : null;

    /// <summary>True when no character would show: only spaces, zero-width characters, fillers and other invisible marks.</summary>
    public static bool IsInvisible(string value) => value.EnumerateRunes().All(IsInvisibleRune);

    /// <summary>True when the text contains a bidi override or isolate (U+202A–U+202E, U+2066–U+2069), which can make a name read backwards.</summary>
    public static bool HasBidiControl(string value) => value.Any(c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');

    private static bool IsInvisibleRune(System.Text.Rune rune) =>
        System.Text.Rune.IsWhiteSpace(rune)
        || System.Text.Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator or UnicodeCategory.Surrogate
        // Blank "letters" that render as nothing: Hangul fillers, braille blank, the Mongolian vowel separator.
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E;
}
