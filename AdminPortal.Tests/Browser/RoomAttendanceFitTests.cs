using AdminPortal.Components.Pages.Generator;
using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 13 on a 390 px phone and a 1440 px screen: a helpdesk person's hidden observer connects (a signed webhook) and the open
/// generator's recent links say so by themselves; the room page then lists its sessions with the attendance CSV, without sideways scrolling.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class RoomAttendanceFitTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task An_observer_connecting_and_the_rooms_sessions_fit_both_widths(int width)
    {
        var portal = fixture.Portal;
        var room = $"board-{width}-" + new string('r', 30);
        var observer = $"observer-{width}";
        await using var context = await browser.NewContextAsync(portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;
        await generator.FillParticipantAsync(room, "Grace Observer", observer);
        await generator.IsHidden.ClickAsync();
        await generator.Reason.FillAsync("INC-2210 board observer");
        await generator.GenerateLinkAsync();
        var item = page.Locator("#recent-0");
        await Expect(item.Locator("#recent-presence-0")).ToHaveTextAsync("never joined");
        await Expect(item.Locator("#recent-hidden-note-0")).ToContainTextAsync("recent plugNmeet servers may still list them");

        var at = portal.Clock.GetUtcNow();
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_started", room, "RM_old", at.AddHours(-2)));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_finished", room, "RM_old", at.AddHours(-1), numDropped: 3));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_started", room, "RM_now", at));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_joined", room, "RM_now", at.AddSeconds(5), observer, $"PA_{width}",
            name: "Grace Observer", joinedAt: at.AddSeconds(5), hidden: true));
        portal.Clock.Advance(RecentLinksPanel.RefreshPeriod);

        await Expect(item.Locator("#recent-observer-0")).ToHaveTextAsync("observer connected now");
        await Expect(item.Locator("#recent-hidden-note-0")).ToBeVisibleAsync();
        await item.ScrollIntoViewIfNeededAsync();
        await page.AssertFitsWidthAsync("recent links with a connected observer");
        await page.SaveEvidenceAsync($"13-observer-connected-{width}px");

        await page.GotoAsync($"/rooms/{room}");
        await page.WaitForCircuitAsync();
        var sessions = page.Locator("#room-sessions li.session");
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.First).ToContainTextAsync("1 person");
        await Expect(sessions.Nth(1).Locator(".session-dropped")).ToContainTextAsync("3 dropped events");
        await Expect(sessions.First.Locator("a.session-csv")).ToHaveAttributeAsync("href", $"rooms/{room}/attendance.csv?session=RM_now");
        await page.AssertFitsWidthAsync("a room with its sessions");
        await page.AssertAccessibleAsync("a room with its sessions");
        await page.SaveEvidenceAsync($"13-room-sessions-{width}px");
    }
}
