using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>The main navigation as a person uses it: the app bar's links on a wide screen, the menu's drawer on a phone.</summary>
public static class PortalNavigation
{
    /// <summary>The menu button that opens the drawer; shown only below MudBlazor's md breakpoint (960 px).</summary>
    public static ILocator MenuButton(this IPage page) => page.Locator("#nav-menu");

    /// <summary>The visible main navigation: the app bar's on a wide screen, the drawer's once the menu is open on a phone.</summary>
    public static ILocator MainNavigation(this IPage page) => page.Locator("nav.mud-navmenu[aria-label=Main]:visible");

    /// <summary>Opens the drawer when the page shows a menu button (a phone); does nothing on a wide screen.</summary>
    public static async Task OpenMenuIfPhoneAsync(this IPage page)
    {
        if (await page.MenuButton().IsVisibleAsync())
        {
            await page.MenuButton().ClickAsync();
            await Expect(page.Locator("#nav-close")).ToBeVisibleAsync();
        }
    }

    /// <summary>Closes the phone's drawer with its close button when it is open.</summary>
    public static async Task CloseMenuIfOpenAsync(this IPage page)
    {
        if (await page.Locator("#nav-close").IsVisibleAsync())
        {
            await page.Locator("#nav-close").ClickAsync();
            await Expect(page.Locator("#nav-close")).ToHaveCountAsync(0); // the drawer renders its content only while open
        }
    }

    /// <summary>Clicks the navigation link called <paramref name="name"/> and waits for <paramref name="path"/> and its live circuit.</summary>
    public static async Task NavigateAsync(this IPage page, string name, string path)
    {
        await page.OpenMenuIfPhoneAsync();
        var link = page.MainNavigation().GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        await link.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        // The address changes before the new page renders; the link is marked current once it has.
        await Expect(page.Locator("nav.appbar-nav a[aria-current=page]")).ToHaveTextAsync(name);
        await page.WaitForCircuitAsync();
    }
}
