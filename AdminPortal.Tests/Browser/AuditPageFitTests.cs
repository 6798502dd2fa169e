using System.Globalization;
using System.Text.Json;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 10: the audit page fits a 1440 px screen and a 390 px phone even when a staff member's e-mail and a participant's name are
/// 100 characters long, shows every value on the phone's cards, and shows times in the viewer's own zone with UTC beside them.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class AuditPageFitTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string ViewerZone = "America/New_York";

    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task A_hundred_character_name_fits_both_widths_with_local_times(int width)
    {
        var portal = fixture.Portal;
        var email = $"w{width}-" + new string('e', 100 - $"w{width}-@example.test".Length) + "@example.test";
        var participant = $"Participant {width} " + new string('n', 100 - $"Participant {width} ".Length);
        Assert.Equal((100, 100), (email.Length, participant.Length));
        var room = $"long-room-{width}-" + new string('r', 40);
        await portal.CreateStaffAsync(email, StaffRoles.Moderator);

        // The long-named moderator signs in and issues a link for the long-named participant: two real audit entries.
        await using (var staffContext = await browser.NewContextAsync(portal, width))
        {
            var generator = await GeneratorPage.SignInAsync(await staffContext.NewPageAsync(), email);
            await generator.FillParticipantAsync(room, participant, $"p-{width}");
            await generator.GenerateLinkAsync();
        }

        await using var context = await browser.NewContextAsync(portal, width, timeZone: ViewerZone);
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        await page.GotoAsync("/audit");
        await page.WaitForCircuitAsync();
        await Expect(page.Locator("#audit-time-zone")).ToContainTextAsync($"your time zone, {ViewerZone}");

        // A part of the room id is enough, as for the staff member.
        await page.Locator("#filter-room").FillAsync($"room-{width}-rrr");
        await page.Locator("#apply-filter").ClickAsync();
        var rows = page.Locator("#audit-grid tbody tr.mud-table-row");
        await Expect(rows).ToHaveCountAsync(1);
        var row = rows.First;
        await Expect(row).ToContainTextAsync("Link issued");

        var scroll = await page.EvaluateAsync<JsonElement>("() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })");
        Assert.True(scroll.GetProperty("scroll").GetInt32() <= scroll.GetProperty("client").GetInt32(), $"horizontal scroll at {width} px: {scroll}");
        await page.AssertFitsWidthAsync("the audit trail with 100-character values");

        // Every labelled line shows its value: some of its text is on screen next to its label, and all of it is in the title.
        foreach (var (label, value) in new[] { ("Staff", email), ("Participant", participant), ("Room", room), ("Event", "Link issued") })
        {
            var shown = row.Locator($"td[data-label='{label}'] .audit-cell").First;
            await Expect(shown).ToBeVisibleAsync();
            var box = (await shown.BoundingBoxAsync())!;
            Assert.True(box.Width >= 60 && box.X + box.Width <= width, $"{label} at {width} px is {box.Width:0} px wide at x={box.X:0}");
            Assert.StartsWith(await shown.InnerTextAsync(), value, StringComparison.Ordinal);
            if (value.Length > 30)
            {
                await Expect(shown).ToHaveAttributeAsync("title", value);
            }
        }
        var rowHeight = (await row.BoundingBoxAsync())!.Height;
        if (width == BrowserFixture.DesktopWidth)
        {
            Assert.True(rowHeight < 80, $"a row with 100-character values is {rowHeight:0} px tall");
        }

        // The time is in New York's zone; the UTC time is shown under it and in its title.
        var time = row.Locator("time.local-time");
        var utc = DateTimeOffset.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(ViewerZone));
        await Expect(time).ToHaveTextAsync(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        await Expect(time).ToHaveAttributeAsync("title", utc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        await Expect(row.Locator(".local-time-utc")).ToBeVisibleAsync();
        await Expect(row.Locator(".local-time-utc")).ToContainTextAsync(utc.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");

        // The whole entry opens from the keyboard.
        var expand = row.Locator("button[aria-controls^='audit-detail-']");
        await expand.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(expand).ToHaveAttributeAsync("aria-expanded", "true");
        var detail = page.Locator("dl.audit-detail");
        await Expect(detail).ToContainTextAsync(email);
        await Expect(detail).ToContainTextAsync(participant);
        await page.AssertFitsWidthAsync("the audit trail with an entry opened");
        await page.AssertAccessibleAsync("the audit trail with 100-character values");
        await page.SaveEvidenceAsync($"10-audit-{width}px");
    }
}
