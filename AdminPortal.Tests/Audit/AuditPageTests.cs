using AdminPortal.Audit;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.TimeZones;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AdminPortal.Tests.Audit;

public sealed class AuditPageTests : PortalBunitContext
{
    public AuditPageTests() : base(JSRuntimeMode.Loose)
    {
        AddStaff(StaffRoles.Administrator);
        Services.AddScoped<BrowserTimeZone>();
    }

    private Task AppendAsync(AuditEntry entry) => Services.GetRequiredService<AuditLog>().AppendAsync(entry);

    private IRenderedComponent<AdminPortal.Components.Pages.Audit.AuditPage> RenderPage(int rows)
    {
        var page = RenderWithPopovers<AdminPortal.Components.Pages.Audit.AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(rows, page.FindAll("#audit-grid tbody tr.mud-table-row").Count));
        return page;
    }

    [Fact]
    public async Task Huge_entries_render_cut_with_the_full_entry_on_demand()
    {
        var huge = new string('y', 4 * 1024 * 1024);
        for (var i = 0; i < 20; i++)
        {
            await AppendAsync(new AuditEntry { Kind = AuditKinds.SignInFailed, Actor = huge, DisplayName = huge, Detail = huge, Reason = huge });
        }

        var page = RenderWithPopovers<AdminPortal.Components.Pages.Audit.AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll(".audit-cell").Count(c => c.TextContent.StartsWith("yyy", StringComparison.Ordinal)) / 4));

        // Bounded by the stored limits, not by what was typed: 20 rows of a few kilobytes, not 20 × 16 MB.
        Assert.True(page.Markup.Length < 500_000, $"the page is {page.Markup.Length} characters");
        Assert.All(page.FindAll(".audit-cell"), cell => Assert.True(cell.TextContent.Length <= AuditLimits.Detail));
        Assert.Empty(page.FindAll("dl.audit-detail"));

        var expand = page.FindAll("#audit-grid tbody button").First();
        Assert.Equal("false", expand.GetAttribute("aria-expanded"));
        expand.Click();

        var detail = page.WaitForElement("dl.audit-detail");
        Assert.Contains("detail", detail.TextContent);
        Assert.Contains(new string('y', AuditLimits.Detail - 1) + "…", detail.TextContent);
        var opened = page.FindAll("#audit-grid tbody button").First();
        Assert.Equal("true", opened.GetAttribute("aria-expanded"));
        Assert.Equal(detail.Id, opened.GetAttribute("aria-controls"));
    }

    [Fact]
    public async Task Long_values_are_one_line_each_with_the_whole_value_in_the_title()
    {
        var name = new string('n', 100);
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = new string('e', 88) + "@example.test", DisplayName = name, UserId = "u-1", RoomId = "r" });

        var page = RenderPage(1);

        var participant = page.Find("td[data-label='Participant'] .audit-cell");
        Assert.Equal(name, participant.TextContent);
        Assert.Equal(name, participant.GetAttribute("title"));
        Assert.Equal(new string('e', 88) + "@example.test", page.Find("td[data-label='Staff'] .audit-cell").GetAttribute("title"));
    }

    [Fact]
    public async Task Every_event_is_shown_in_words()
    {
        foreach (var (kind, _) in AuditKindPhrases.All)
        {
            await AppendAsync(new AuditEntry { Kind = kind, Actor = "staff@example.test" });
        }

        var page = RenderPage(AuditKindPhrases.All.Count);

        var shown = page.FindAll("td[data-label='Event'] .audit-event").Select(e => e.TextContent).ToHashSet();
        Assert.Equal(AuditKindPhrases.All.Select(p => p.Phrase).ToHashSet(), shown);
        Assert.Contains("Link issued", shown);
        Assert.Contains("Invite used", shown);
        Assert.Contains("Sign-in failed", shown);
        Assert.DoesNotContain(page.FindAll("#audit-grid tbody td").Select(td => td.TextContent), text => text.Contains("sign-in-failed"));
    }

    [Fact]
    public void Every_audit_kind_has_a_phrase_of_its_own()
    {
        var kinds = typeof(AuditKinds).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(kinds.Order(), AuditKindPhrases.All.Select(p => p.Kind).Order());
        Assert.All(kinds, kind => Assert.NotEqual(kind, AuditKindPhrases.Describe(kind)));
        Assert.Equal(kinds.Count, AuditKindPhrases.All.Select(p => p.Phrase).Distinct().Count());
        Assert.Equal("future-kind", AuditKindPhrases.Describe("future-kind"));
    }

    [Fact]
    public async Task Cards_leave_out_the_labels_of_empty_values_and_every_other_label_has_its_value()
    {
        await AppendAsync(new AuditEntry { Kind = AuditKinds.SignIn, Actor = "staff@example.test", ActorRole = "Administrator" });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "staff@example.test", RoomId = "r1", DisplayName = "Ann", UserId = "ann", Reason = "T-1" });

        var page = RenderPage(2);

        var cells = page.FindAll("#audit-grid tbody td[data-label]");
        Assert.All(cells.Where(td => !td.ClassList.Contains("audit-empty")), td => Assert.False(string.IsNullOrWhiteSpace(td.TextContent), $"{td.GetAttribute("data-label")} is empty"));
        Assert.All(cells.Where(td => td.ClassList.Contains("audit-empty")), td => Assert.True(string.IsNullOrWhiteSpace(td.TextContent)));
        // The sign-in has no attendance; the issued link has ("never joined").
        Assert.Equal(["Attendance", "Participant", "Reason", "Room"], cells.Where(td => td.ClassList.Contains("audit-empty")).Select(td => td.GetAttribute("data-label")!).Order());
    }

    [Fact]
    public async Task Issued_links_and_invite_uses_say_whether_they_were_used_and_other_entries_say_nothing()
    {
        var now = Clock.GetUtcNow();
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "a@example.test", RoomId = "desk-1", DisplayName = "Ann", UserId = "ann-1" });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.InviteUsed, Actor = "invite #3 by a@example.test", RoomId = "desk-1", DisplayName = "Bo", UserId = "bo-2", InviteId = 3 });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "a@example.test", RoomId = "desk-1", DisplayName = "Cy", UserId = "cy-3" });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkRefused, Actor = "a@example.test", RoomId = "desk-1", UserId = "dee-4", Outcome = "refused" });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.SignIn, Actor = "a@example.test" });
        WebhookRows.Add(Services,
            WebhookRows.Joined("desk-1", "RM_1", "ann-1", now.AddMinutes(1)),
            WebhookRows.Left("desk-1", "RM_1", "ann-1", now.AddMinutes(1), now.AddMinutes(46)),
            WebhookRows.Joined("desk-1", "RM_1", "bo-2", now.AddMinutes(2)));
        var ids = AuditEntries().ToDictionary(e => e.UserId ?? e.Kind, e => e.Id);

        var page = RenderPage(5);

        var ann = page.Find($"#audit-presence-{ids["ann-1"]}");
        Assert.Matches(@"^joined \d\d:\d\d( UTC)?, left \d\d:\d\d( UTC)? \(45 min\)$", System.Text.RegularExpressions.Regex.Replace(ann.TextContent, @"\s+", " ").Trim());
        Assert.Contains("in the room now", page.Find($"#audit-presence-{ids["bo-2"]}").TextContent);
        Assert.Equal("never joined", page.Find($"#audit-presence-{ids["cy-3"]}").TextContent.Trim());
        Assert.Empty(page.FindAll($"#audit-presence-{ids["dee-4"]}"));
        Assert.Empty(page.FindAll($"#audit-presence-{ids[AuditKinds.SignIn]}"));
        Assert.Equal(3, page.FindAll("td[data-label='Attendance'] .presence-summary").Count);
    }

    [Fact]
    public async Task Filters_match_room_and_user_partially_and_by_event_and_the_export_keeps_the_codes()
    {
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "a@example.test", RoomId = "support-desk-7", UserId = "ann-4711" });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.InviteUsed, Actor = "a@example.test", RoomId = "support-desk-7", UserId = "bob-1" });
        await AppendAsync(new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "a@example.test", RoomId = "sales", UserId = "carl-2" });
        var page = RenderPage(3);

        page.Find("input#filter-room").Change("desk");
        await page.InvokeAsync(() => page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Event").Instance.ValueChanged.InvokeAsync(AuditKinds.InviteUsed));
        page.Find("#apply-filter").Click();

        page.WaitForAssertion(() => Assert.Equal(["bob-1"], page.FindAll("td[data-label='Participant'] .audit-cell").Select(c => c.TextContent)));
        Assert.Equal("Invite used", page.Find(".audit-event").TextContent);
        var export = page.Find("#export-csv").GetAttribute("href")!;
        Assert.Contains("kind=invite-used", export);
        Assert.Contains("room=desk", export);

        page.Find("input#filter-room").Change("");
        page.Find("input#filter-user-id").Change("4711");
        await page.InvokeAsync(() => page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Event").Instance.ValueChanged.InvokeAsync(""));
        page.Find("#apply-filter").Click();
        page.WaitForAssertion(() => Assert.Equal(["ann-4711"], page.FindAll("td[data-label='Participant'] .audit-cell").Select(c => c.TextContent)));
    }

    [Fact]
    public async Task Times_and_date_filters_are_in_the_viewers_zone()
    {
        JSInterop.SetupModule(BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetResult("America/New_York");
        await AppendAsync(new AuditEntry { Kind = AuditKinds.SignIn, Actor = "a@example.test" });
        var written = Clock.GetUtcNow(); // 2026-03-02 09:30 UTC, 04:30 in New York

        var page = RenderPage(1);

        page.WaitForAssertion(() => Assert.Contains("America/New_York", page.Find("#audit-time-zone").TextContent));
        Assert.Equal("2026-03-02 04:30:00", page.Find("td[data-label='Time'] time").TextContent);
        Assert.Equal("09:30:00 UTC", page.Find("td[data-label='Time'] .local-time-utc").TextContent);
        Assert.Equal(written, DateTimeOffset.Parse(page.Find("td[data-label='Time'] time").GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Days in America/New_York", page.Markup);

        var from = page.FindComponents<MudDatePicker>().Single(d => d.Instance.Label == "From");
        var until = page.FindComponents<MudDatePicker>().Single(d => d.Instance.Label == "Until (inclusive)");
        await page.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(new DateTime(2026, 3, 2)));
        await page.InvokeAsync(() => until.Instance.DateChanged.InvokeAsync(new DateTime(2026, 3, 2)));
        page.Find("#apply-filter").Click();

        // The viewer's 2 March runs from 05:00 UTC that day to 05:00 UTC the next.
        var export = Uri.UnescapeDataString(page.Find("#export-csv").GetAttribute("href")!);
        Assert.Contains("from=2026-03-02T05:00:00.0000000Z", export);
        Assert.Contains("until=2026-03-03T05:00:00.0000000Z", export);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#audit-grid tbody tr.mud-table-row")));
    }

    [Fact]
    public async Task A_browser_in_utc_is_told_times_are_in_utc_without_a_second_utc_line()
    {
        var module = JSInterop.SetupModule(BrowserTimeZone.ModulePath);
        module.Setup<string?>("timeZone").SetResult("Etc/UTC");
        await AppendAsync(new AuditEntry { Kind = AuditKinds.SignIn, Actor = "a@example.test" });

        var page = RenderPage(1);

        page.WaitForAssertion(() => Assert.Contains("Days in Etc/UTC", page.Markup)); // the zone is known now
        Assert.Equal("Times are in UTC.", page.Find("#audit-time-zone").TextContent.Trim());
        Assert.Equal("2026-03-02 09:30:00 UTC", page.Find("td[data-label='Time'] time").TextContent);
        Assert.Empty(page.FindAll(".local-time-utc"));
    }
}
