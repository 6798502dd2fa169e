using System.Text.RegularExpressions;
using AdminPortal.Attendance;
using AdminPortal.Components.Pages.Invites;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 13's journey, end to end with the sandbox's signed webhooks: staff create an open invite, a visitor joins through the
/// sandbox join page, the open invites page shows them in the room now, the visitor leaves, the page shows how long they stayed,
/// and the session's attendance CSV has their row.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class AttendanceJourneyTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string Room = "attendance-day";

    [Fact]
    public async Task A_visitor_of_an_open_invite_is_shown_in_the_room_then_with_their_stay_and_is_in_the_csv()
    {
        var portal = fixture.Portal;
        await using var staffContext = await browser.NewContextAsync(portal, BrowserFixture.DesktopWidth);
        var generator = await GeneratorPage.SignInAsync(await staffContext.NewPageAsync());
        var page = generator.Page;
        await generator.RoomId.FillAsync(Room);
        await generator.RoomTitle.FillAsync("Attendance day");
        await page.Locator("#invite-open").ClickAsync();
        await page.Locator("#create-invite").ClickAsync();
        var invite = page.Locator("#invite-link");
        await Expect(invite).ToHaveValueAsync(new Regex($"^{portal.BaseUrl}/j/[A-Za-z0-9_-]{{22}}$"));
        var url = await invite.InputValueAsync();
        var inviteId = await InviteIdAsync();

        await page.NavigateAsync("Invites", "/invites");
        await Expect(page.Locator($"#attendance-line-{inviteId}")).ToHaveTextAsync("Not opened yet");
        await Expect(page.Locator("#attendance-source")).ToContainTextAsync("comes from plugNmeet's webhooks");

        await using var visitorContext = await browser.NewContextAsync(portal, BrowserFixture.PhoneWidth);
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync(url);
        await visitor.Locator("#visitor-name").FillAsync("Vera Visitor");
        await visitor.Locator("#join").ClickAsync();
        await Expect(visitor.Locator("#join-presence[data-state=joined]")).ToBeVisibleAsync();

        // The open page reads attendance again every AttendanceRefresh on the portal's (fake) clock.
        var inRoom = page.Locator($"#in-room-{inviteId}");
        await AdvanceClockUntilVisibleAsync(inRoom);
        await Expect(inRoom).ToHaveTextAsync("1 in the room now");
        await Expect(page.Locator($"#attendance-line-{inviteId}")).ToHaveTextAsync(new Regex(@"^\s*1 opened · 1 joined · \s*1 in the room now\s*$"));
        await Expect(page.Locator("#attendance-source")).ToHaveCountAsync(0);
        var toggle = page.Locator($"#visits-toggle-{inviteId}");
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter"); // a real button: the keyboard opens it
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var visit = page.Locator($"#visits-{inviteId} > li");
        await Expect(visit).ToHaveCountAsync(1);
        await Expect(visit).ToContainTextAsync("Vera Visitor");
        await Expect(visit).ToContainTextAsync("in the room now");
        await page.AssertAccessibleAsync("the invites page with a visitor in the room");
        await page.AssertFitsWidthAsync("the invites page with a visitor in the room (1440 px)");
        await page.SaveEvidenceAsync("13-attendance-in-room-1440px");
        await page.SetViewportSizeAsync(BrowserFixture.PhoneWidth, 844);
        await page.AssertFitsWidthAsync("the invites page with a visitor in the room (390 px)");
        await page.SaveEvidenceAsync("13-attendance-in-room-390px");
        await page.SetViewportSizeAsync(BrowserFixture.DesktopWidth, 900);

        portal.Clock.Advance(TimeSpan.FromMinutes(5));
        await visitor.Locator("#join-leave").ClickAsync();
        await Expect(visitor.Locator("#join-presence #join-disconnected")).ToBeVisibleAsync();

        await AdvanceClockUntilVisibleAsync(visit.Filter(new() { HasText = ", left " }));
        await Expect(inRoom).ToHaveCountAsync(0);
        await Expect(page.Locator($"#attendance-line-{inviteId}")).ToHaveTextAsync("1 opened · 1 joined");
        var stayed = Regex.Match(await visit.InnerTextAsync(), @", left \d\d:\d\d UTC \((\d+) min\)");
        Assert.True(stayed.Success, await visit.InnerTextAsync());
        Assert.InRange(int.Parse(stayed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 5, 6);
        await page.SaveEvidenceAsync("13-attendance-left-1440px");
        await page.SetViewportSizeAsync(BrowserFixture.PhoneWidth, 844);
        await page.AssertFitsWidthAsync("the invites page with a visitor's stay (390 px)");
        await page.SaveEvidenceAsync("13-attendance-left-390px");

        var session = (await portal.Services.GetRequiredService<AttendanceService>().ForRoomAsync(Room)).Session;
        Assert.NotNull(session);
        var csv = await staffContext.APIRequest.GetAsync($"/rooms/{Room}/attendance.csv?session={Uri.EscapeDataString(session.Sid)}");
        Assert.Equal(200, csv.Status);
        var rows = (await csv.TextAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var row = Assert.Single(rows[1..]).Split(',');
        Assert.Equal(("Vera Visitor", "invite", PortalFactory.AdminEmail, $"#{inviteId}"), (row[0], row[2], row[6], row[7]));
        Assert.InRange(int.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture), 5, 6); // rounded there, whole minutes on the page
    }

    private async Task<int> InviteIdAsync()
    {
        await using var db = await fixture.Portal.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        return await db.Invites.Where(i => i.RoomId == Room).Select(i => i.Id).SingleAsync();
    }

    /// <summary>
    /// The webhook reaches the portal a moment after the join page shows it; the page only reads attendance when its timer fires on
    /// the portal's fake clock. So the clock moves on one refresh at a time, waiting for the page after each (bounded).
    /// </summary>
    private async Task AdvanceClockUntilVisibleAsync(ILocator locator)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                await locator.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 500 });
                return;
            }
            catch (TimeoutException)
            {
                fixture.Portal.Clock.Advance(InvitesPage.AttendanceRefresh);
            }
        }
        await Expect(locator).ToBeVisibleAsync();
    }
}
