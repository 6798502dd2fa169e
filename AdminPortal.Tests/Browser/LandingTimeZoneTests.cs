using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Issue 10: the public invite page shows its times in the visitor's own time zone, with UTC kept as the title.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class LandingTimeZoneTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Fact]
    public async Task A_visitor_in_New_York_sees_the_invites_end_in_New_York_time()
    {
        var invite = await TestInvites.CreateAsync(fixture.Portal, "tz-room");
        var until = invite.Invite!.ValidUntil;
        var newYork = TimeZoneInfo.ConvertTime(until, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await using var context = await browser.NewContextAsync(fixture.Portal, BrowserFixture.PhoneWidth, timeZone: "America/New_York");
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(invite.Url!).PathAndQuery);

        var time = page.Locator("#invite-valid-until");
        await Expect(time).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            $"^{newYork:d MMMM yyyy}, {newYork:HH:mm} (EST|EDT|GMT-[45])$"));
        await Expect(time).ToHaveAttributeAsync("title", $"{until.UtcDateTime:d MMMM yyyy, HH:mm} UTC");
        page.AssertNoCspViolations("the invite landing page with local times");
        await page.SaveEvidenceAsync("10-landing-new-york-390px");
    }
}
