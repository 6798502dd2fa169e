using System.Text;
using AdminPortal.Invites.Calendar;

namespace AdminPortal.Tests.Invites;

/// <summary>The invitation's .ics file, written by the portal and read back by a second implementation (Ical.Net).</summary>
public sealed class InviteCalendarTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1)); // 08:30 UTC

    private static CalendarEvent Event(string title = "Weekly; review, part 2", string? description = null) => new(
        "invite-42@portal.example", title, Start, Start.AddHours(1), "https://portal.example/j/AbCdEf123",
        description ?? "Join: https://portal.example/j/AbCdEf123\nQuestions? Call the helpdesk, 0123; ext. 4\\5",
        "Maria Müller", "maria@example.org");

    [Fact]
    public void Ical_net_reads_back_every_field_with_times_in_utc()
    {
        var text = InviteCalendar.Write(Event(), Start.AddDays(-1));

        var calendar = Ical.Net.Calendar.Load(text)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal("invite-42@portal.example", e.Uid);
        Assert.Equal("Weekly; review, part 2", e.Summary);
        Assert.Equal("Join: https://portal.example/j/AbCdEf123\nQuestions? Call the helpdesk, 0123; ext. 4\\5", e.Description);
        Assert.Equal(new Uri("https://portal.example/j/AbCdEf123"), e.Url);
        Assert.Equal(new DateTime(2026, 12, 1, 8, 30, 0, DateTimeKind.Utc), e.DtStart!.AsUtc);
        Assert.True(e.DtStart.IsUtc);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), e.DtEnd!.AsUtc);
        Assert.Equal("mailto:maria@example.org", e.Organizer!.Value!.ToString());
        Assert.Equal("Maria Müller", e.Organizer.CommonName);
        Assert.Equal("PUBLISH", calendar.Method);
    }

    [Fact]
    public void Lines_end_in_crlf_and_are_folded_at_75_octets_without_splitting_a_character()
    {
        var longTitle = string.Concat(Enumerable.Repeat("Zoë's Übung ", 20));
        var text = InviteCalendar.Write(Event(title: longTitle), Start);

        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        Assert.EndsWith("END:VCALENDAR\r\n", text);
        var lines = text.Split("\r\n");
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains(lines, line => line.StartsWith(' ')); // the long summary was folded
        Assert.DoesNotContain('\uFFFD', text); // no character cut in half
        Assert.Equal(longTitle, Assert.Single(Ical.Net.Calendar.Load(text)!.Events).Summary);
    }

    [Theory]
    [InlineData("a,b", "a\\,b")]
    [InlineData("a;b", "a\\;b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("one\r\ntwo\nthree", "one\\ntwo\\nthree")]
    public void Text_values_are_escaped_as_rfc_5545_says(string value, string escaped) => Assert.Equal(escaped, InviteCalendar.Text(value));

    [Fact]
    public void An_end_not_after_the_start_becomes_an_hour_long_event()
    {
        var text = InviteCalendar.Write(Event() with { End = Start }, Start);

        var e = Assert.Single(Ical.Net.Calendar.Load(text)!.Events);
        Assert.Equal(TimeSpan.FromHours(1), e.DtEnd!.AsUtc - e.DtStart!.AsUtc);
    }
}
