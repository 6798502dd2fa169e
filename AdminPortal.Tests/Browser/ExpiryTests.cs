using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 6: once the portal's clock passes the token's expiry, the page says so and offers a fresh link.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ExpiryTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task An_expired_link_is_announced_and_generated_again(int width)
    {
        var portal = fixture.Portal;
        await using var context = await browser.NewContextAsync(portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;
        await generator.FillParticipantAsync($"standup-{width}", "Katherine Johnson", $"katherine-{width}");
        AlignToWholeSecond(portal);
        var link = await generator.GenerateLinkAsync();
        var remaining = page.Locator("#expiry-remaining");
        await Expect(remaining).ToHaveTextAsync("10:00"); // the test clock stands still until moved

        portal.Clock.Advance(TimeSpan.FromMinutes(12)); // past the 10 minutes, and past the join page's minute of leeway

        await Expect(page.Locator("#expired-alert")).ToContainTextAsync("This link no longer works: it has expired.");
        await Expect(remaining).ToHaveCountAsync(0);
        // The link, its QR code and Copy look as dead as they are.
        await Expect(generator.JoinLink).ToBeDisabledAsync();
        await Expect(page.Locator("#copy-link")).ToBeDisabledAsync();
        await Expect(generator.Qr).ToHaveAttributeAsync("alt", "QR code of the expired join link: it no longer works");
        Assert.Equal("0.3", await generator.Qr.EvaluateAsync<string>("img => getComputedStyle(img).opacity"));
        var again = page.Locator("#generate-again");
        await Expect(again).ToBeVisibleAsync();
        await Expect(again).ToHaveTextAsync("Generate again");
        await page.AssertAccessibleAsync("the generator with an expired link");
        await page.AssertFitsWidthAsync("the generator with an expired link");
        await page.SaveEvidenceAsync($"6-expired-{width}px");

        var joinPage = await context.NewPageAsync();
        await joinPage.GotoAsync(link);
        await Expect(joinPage.Locator("#join-error")).ToHaveTextAsync("This link has expired: join tokens are valid for 10 minutes. Ask for a new link.");
        await joinPage.CloseAsync();

        AlignToWholeSecond(portal);
        await again.ClickAsync();
        await Expect(remaining).ToHaveTextAsync("10:00");
        await Expect(page.Locator("#expired-alert")).ToHaveCountAsync(0);
        await Expect(page.Locator("#copy-link")).ToBeEnabledAsync();
        Assert.Equal("1", await generator.Qr.EvaluateAsync<string>("img => getComputedStyle(img).opacity"));
        var fresh = await generator.JoinLink.InputValueAsync();
        Assert.NotEqual(link, fresh);
        joinPage = await context.NewPageAsync();
        await joinPage.GotoAsync(fresh);
        await Expect(joinPage.Locator("#join-name")).ToHaveTextAsync("Katherine Johnson");
        await joinPage.CloseAsync();
        await page.AssertFitsWidthAsync("the generator with a fresh link");
        await page.SaveEvidenceAsync($"6-expiry-{width}px");
    }

    /// <summary>Tokens expire on a whole second; generated on one, the countdown starts at exactly 10:00.</summary>
    private static void AlignToWholeSecond(PortalFactory portal) =>
        portal.Clock.Advance(TimeSpan.FromTicks((TimeSpan.TicksPerSecond - portal.Clock.GetUtcNow().Ticks % TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond));
}
