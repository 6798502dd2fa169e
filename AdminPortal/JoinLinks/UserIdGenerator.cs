using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdminPortal.JoinLinks;

public static class UserIdGenerator
{
    // Latin letters that Unicode does not decompose into a base letter and a mark, spelled as people would type them in ASCII.
    private static readonly Dictionary<char, string> Spelled = new()
    {
        ['ß'] = "ss", ['ẞ'] = "SS", ['Ł'] = "L", ['ł'] = "l", ['Ø'] = "O", ['ø'] = "o", ['Æ'] = "AE", ['æ'] = "ae",
        ['Œ'] = "OE", ['œ'] = "oe", ['Đ'] = "D", ['đ'] = "d", ['Ð'] = "D", ['ð'] = "d", ['Þ'] = "Th", ['þ'] = "th",
        ['ı'] = "i", ['Ħ'] = "H", ['ħ'] = "h", ['Ŧ'] = "T", ['ŧ'] = "t", ['Ŋ'] = "N", ['ŋ'] = "n", ['ĸ'] = "k",
    };

    /// <summary>
    /// A readable id that plugNmeet accepts and no one else holds: the name spelled in ASCII letters and digits (accents
    /// dropped, Ł as L, ß as ss) plus 8 random hex digits (two people with one id would knock each other out of the room).
    /// </summary>
    public static string Create(string? displayName)
    {
        var slug = new StringBuilder();
        foreach (var c in Transliterate(displayName ?? "").Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
            if (slug.Length >= 24)
            {
                break;
            }
        }
        var stem = slug.ToString().Trim('-');
        return (stem.Length == 0 ? "guest" : stem) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }

    private static string Transliterate(string text)
    {
        var spelled = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            spelled.Append(Spelled.TryGetValue(c, out var ascii) ? ascii : c);
        }
        return spelled.ToString();
    }
}
