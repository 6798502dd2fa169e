using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 3: the hidden-observer preset with a custom design opens hidden, fully locked and in the chosen colours.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class HiddenObserverTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string LogoUrl = "https://brand.example.test/logo.png";

    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Hidden_observer_with_a_custom_design_opens_hidden_locked_and_in_its_colours(int width)
    {
        var portal = fixture.Portal;
        await using var context = await browser.NewContextAsync(portal, width);
        // The logo's host is on the internet; the browser gets the portal's own icon instead, so the page can show it offline.
        using var http = new HttpClient();
        var logo = await http.GetByteArrayAsync(portal.BaseUrl + "/favicon.png");
        await context.RouteAsync(LogoUrl, route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = logo }));
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;

        await generator.ApplyPresetAsync("hidden-observer");
        await Expect(generator.IsHidden).ToBeCheckedAsync();
        await Expect(generator.IsAdmin).Not.ToBeCheckedAsync();
        foreach (var lockKind in PlugNmeetLocks.All)
        {
            await Expect(generator.ByKey(lockKind.Key)).ToBeCheckedAsync();
        }
        var room = $"board-meeting-{width}";
        await generator.FillParticipantAsync(room, "Grace Observer", $"observer-{width}");
        await generator.Reason.FillAsync("INC-2210 board observer");
        await generator.OpenSectionAsync("design");
        await generator.ByKey("header_bg_color").FillAsync("#ffd166");
        await generator.ByKey("primary_color").FillAsync("#8ecae6");
        await generator.ByKey("custom_logo").FillAsync(LogoUrl);
        var link = await generator.GenerateLinkAsync();

        Assert.Contains("&custom_design=", link);
        await page.AssertAccessibleAsync("the generator with a custom design");
        await page.AssertFitsWidthAsync("the generator with a custom design");

        await page.GotoAsync(link);
        await Expect(page.Locator("#join-name")).ToHaveTextAsync("Grace Observer");
        await Expect(page.Locator("#join-room-id")).ToHaveTextAsync(room);
        await Expect(page.Locator("#join-hidden")).ToHaveTextAsync("yes");
        await Expect(page.Locator("#join-admin")).ToHaveTextAsync("no");
        var locks = page.Locator("#join-locks li[data-lock]");
        await Expect(locks).ToHaveCountAsync(PlugNmeetLocks.All.Count);
        await Expect(page.Locator("#join-locks li[data-locked=true]")).ToHaveCountAsync(PlugNmeetLocks.All.Count);
        await Expect(page.Locator("#join-design li[data-design]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#join-design li[data-design=header_bg_color]")).ToContainTextAsync("#ffd166");
        await Expect(page.Locator("#join-design li[data-design=primary_color]")).ToContainTextAsync("#8ecae6");
        await Expect(page.Locator("#join-design li[data-design=custom_logo]")).ToContainTextAsync(LogoUrl);
        await Expect(page.Locator("#sandbox-header")).ToHaveCSSAsync("background-color", "rgb(255, 209, 102)");
        await Expect(page.Locator("#sandbox-primary-button")).ToHaveCSSAsync("background-color", "rgb(142, 202, 230)");
        await Expect(page.Locator("#sandbox-logo")).ToHaveAttributeAsync("src", LogoUrl);
        Assert.True(await page.Locator("#sandbox-logo").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "The custom logo did not load.");
        await page.AssertAccessibleAsync("the sandbox join page with a custom design");
        await page.AssertFitsWidthAsync("the sandbox join page with a custom design");
        await page.SaveEvidenceAsync($"3-hidden-observer-{width}px");
    }
}
