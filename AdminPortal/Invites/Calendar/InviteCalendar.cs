using System.Globalization;
using System.Text;

namespace AdminPortal.Invites.Calendar;

/// <summary>One meeting to put in a calendar: what an invitation e-mail attaches as an .ics file when the invite has a start time.</summary>
/// <param name="Uid">Stable per invite, so a re-sent invitation updates the entry instead of adding a second one.</param>
public sealed record CalendarEvent(string Uid, string Title, DateTimeOffset Start, DateTimeOffset End, string Url, string Description,
    string? OrganizerName = null, string? OrganizerEmail = null);

/// <summary>
/// Writes an iCalendar file (RFC 5545) with one VEVENT: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
/// character, TEXT values escaped (backslash, semicolon, comma, newline), times in UTC (the trailing Z states the zone).
/// </summary>
public static class InviteCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    public static string Write(CalendarEvent e, DateTimeOffset stamp)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//AdminPortal//Invites//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + Text(e.Uid),
            "DTSTAMP:" + Utc(stamp),
            "DTSTART:" + Utc(e.Start),
            "DTEND:" + Utc(e.End > e.Start ? e.End : e.Start.AddHours(1)),
            "SUMMARY:" + Text(e.Title),
            "DESCRIPTION:" + Text(e.Description),
            // URL is a URI value, not TEXT: it is not escaped (a strict address has no characters that would need it).
            "URL:" + e.Url,
            "LOCATION:" + Text(e.Url),
        };
        if (!string.IsNullOrWhiteSpace(e.OrganizerEmail))
        {
            var name = string.IsNullOrWhiteSpace(e.OrganizerName) ? "" : ";CN=" + Parameter(e.OrganizerName);
            lines.Add($"ORGANIZER{name}:mailto:{e.OrganizerEmail}");
        }
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");
        var file = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(file, line);
        }
        return file.ToString();
    }

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon and comma escaped, any line break written as \n.</summary>
    public static string Text(string value) => value
        .Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,")
        .Replace("\r\n", "\\n").Replace("\r", "\\n").Replace("\n", "\\n");

    // §3.2: a parameter value with ":", ";" or "," is quoted; a double quote cannot appear in one at all.
    private static string Parameter(string value)
    {
        var clean = new string(value.Where(c => c != '"' && !char.IsControl(c)).ToArray());
        return clean.IndexOfAny([':', ';', ',']) >= 0 ? "\"" + clean + "\"" : clean;
    }

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>§3.1: lines longer than 75 octets continue on the next line after CRLF and one space; UTF-8 characters stay whole.</summary>
    private static void Fold(StringBuilder file, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                file.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts towards the next line's 75
            }
            file.Append(rune.ToString());
            octets += size;
        }
        file.Append("\r\n");
    }
}
