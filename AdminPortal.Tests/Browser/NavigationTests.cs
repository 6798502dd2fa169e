using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 10, defect 1 and dark mode: the navigation works and marks the current page at both widths (app bar links on a wide
/// screen, a drawer on a phone), who is signed in stays in reach, and dark mode follows the system until the switch overrides it.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class NavigationTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Navigation_links_go_to_their_page_mark_it_and_keep_the_signed_in_person_in_reach(int width)
    {
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        var phone = width == BrowserFixture.PhoneWidth;
        Assert.Equal(phone, await page.MenuButton().IsVisibleAsync());

        await page.NavigateAsync("Invites", "/invites");
        await ExpectCurrentPageAsync(page, "Invites");
        await ExpectNoHorizontalScrollAsync(page);
        await page.NavigateAsync("Audit", "/audit");
        await ExpectCurrentPageAsync(page, "Audit");
        await ExpectNoHorizontalScrollAsync(page);
        await page.NavigateAsync("Generator", "/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Join link generator");
        await ExpectCurrentPageAsync(page, "Generator");
        await page.AssertFitsWidthAsync("the generator reached through the navigation");

        var signedIn = page.Locator(phone ? "#drawer-signed-in-as" : "#signed-in-as");
        await page.OpenMenuIfPhoneAsync();
        await Expect(signedIn).ToBeVisibleAsync();
        await Expect(signedIn).ToContainTextAsync(PortalFactory.AdminEmail);
        await Expect(signedIn).ToContainTextAsync(StaffRoles.Administrator);
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the navigation");
        await page.AssertFitsWidthAsync("the navigation, opened");
        await page.SaveEvidenceAsync($"10-navigation-{width}px");

        if (phone)
        {
            // The drawer closes once a page is chosen; the static password page, which has no circuit, has a menu of its own.
            await page.MainNavigation().GetByRole(AriaRole.Link, new() { Name = "Invites", Exact = true }).ClickAsync();
            await Expect(page.Locator("#nav-close")).ToHaveCountAsync(0); // the drawer renders its content only while open
            await page.GotoAsync("/Account/Manage/ChangePassword");
            await page.Locator(".static-menu summary").ClickAsync();
            await Expect(page.Locator("#static-signed-in-as")).ToContainTextAsync(PortalFactory.AdminEmail);
            await page.AssertAccessibleAsync("the static menu");
            await page.SaveEvidenceAsync($"10-static-menu-{width}px");
            await page.Locator(".static-menu-panel").GetByRole(AriaRole.Link, new() { Name = "Generator", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Join link generator");
        }
    }

    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Dark_mode_follows_the_system_and_the_switch_overrides_it_for_this_browser(int width)
    {
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var page = await context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await GeneratorPage.SignInAsync(page);
        var body = page.Locator("body");
        var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Dark mode" });

        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
        await Expect(toggle).ToHaveAttributeAsync("aria-checked", "true");
        await page.AssertAccessibleAsync("the generator in dark mode");
        await page.SaveEvidenceAsync($"10-dark-generator-{width}px");
        await page.NavigateAsync("Staff", "/staff");
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
        await page.AssertAccessibleAsync("staff accounts in dark mode");
        await page.OpenMenuIfPhoneAsync();
        await page.SaveEvidenceAsync($"10-dark-navigation-{width}px");

        await page.CloseMenuIfOpenAsync();
        await page.GotoAsync("/");
        await page.WaitForCircuitAsync();
        await toggle.ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
        await Expect(toggle).ToHaveAttributeAsync("aria-checked", "false");
        await page.AssertAccessibleAsync("the generator switched to light");
        await page.SaveEvidenceAsync($"10-light-generator-{width}px");

        // Remembered in this browser: the system still prefers dark, but the next page load is light from its first paint.
        await page.ReloadAsync();
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
        await page.WaitForCircuitAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-checked", "false");
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);

        await toggle.ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
    }

    private const string DarkBackground = "rgb(18, 20, 23)"; // PortalTheme's dark Background, #121417
    private const string LightBackground = "rgb(255, 255, 255)";

    private static async Task ExpectNoHorizontalScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"{page.Url} scrolls sideways");

    /// <summary>Exactly one link in the visible navigation is marked as the current page (aria-current and the active style), and it is <paramref name="name"/>.</summary>
    private static async Task ExpectCurrentPageAsync(IPage page, string name)
    {
        await page.OpenMenuIfPhoneAsync();
        var current = page.MainNavigation().Locator("a[aria-current=page]");
        // First wait for the new page's link to be marked: right after a click the old page's link may still be the one counted.
        await Expect(page.MainNavigation().GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(current).ToHaveCountAsync(1);
        await Expect(current).ToHaveTextAsync(name);
        await Expect(current).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bactive\b"));
        await Expect(current).ToHaveCSSAsync("font-weight", "700");
        await page.CloseMenuIfOpenAsync();
    }
}
