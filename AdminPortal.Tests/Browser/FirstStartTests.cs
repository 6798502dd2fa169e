using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 1: a portal without accounts sends / to setup, which needs the code from the server log; creating the administrator signs them straight in.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class FirstStartTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task First_start_creates_the_administrator_and_lands_signed_in_on_the_generator(int width)
    {
        await using var portal = new PortalFactory(); // setup only exists while the database has no account
        await using var context = await browser.NewContextAsync(portal, width);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("/setup", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Welcome to AdminPortal");
        await page.AssertAccessibleAsync("setup");
        await page.AssertFitsWidthAsync("setup");
        await page.SaveEvidenceAsync($"1-setup-{width}px");

        // A wrong code is refused next to its field and nothing is created.
        await page.Locator("#Input\\.SetupCode").FillAsync("AAAAA-AAAAA-AAAAA-AAAAA");
        await page.Locator("#Input\\.Email").FillAsync(PortalFactory.AdminEmail);
        await page.Locator("#Input\\.DisplayName").FillAsync("Ada Admin");
        await page.Locator("#Input\\.Password").FillAsync(PortalFactory.AdminPassword);
        await page.Locator("#Input\\.ConfirmPassword").FillAsync(PortalFactory.AdminPassword);
        await page.Locator("#create-admin").ClickAsync();
        await Expect(page.Locator("#Input\\.SetupCode ~ .field-error")).ToHaveTextAsync("That is not the setup code. Copy it from the server log of this start.");
        Assert.Equal("/setup", new Uri(page.Url).AbsolutePath);
        await page.AssertAccessibleAsync("setup with a wrong code");

        // The operator reads the code off the server log.
        await page.Locator("#Input\\.SetupCode").FillAsync(portal.SetupCode());
        await page.Locator("#Input\\.Email").FillAsync(PortalFactory.AdminEmail);
        await page.Locator("#Input\\.Password").FillAsync(PortalFactory.AdminPassword);
        await page.Locator("#Input\\.ConfirmPassword").FillAsync(PortalFactory.AdminPassword);
        await page.Locator("#create-admin").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.WaitForCircuitAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Join link generator");
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await page.OpenMenuIfPhoneAsync(); // on a phone, who is signed in is shown in the menu's drawer
        var signedIn = page.Locator(width == BrowserFixture.PhoneWidth ? "#drawer-signed-in-as" : "#signed-in-as");
        await Expect(signedIn).ToBeVisibleAsync();
        await Expect(signedIn.Locator(".signed-in-name")).ToHaveTextAsync("Ada Admin");
        await Expect(signedIn.Locator(".signed-in-role")).ToHaveTextAsync("Administrator");
        await page.CloseMenuIfOpenAsync();
        await page.AssertFitsWidthAsync("the generator after setup");

        var setupAgain = await page.GotoAsync("/setup");
        Assert.Equal(404, setupAgain!.Status);
        await page.GoBackAsync();
        await page.WaitForCircuitAsync();
        await page.SaveEvidenceAsync($"1-first-start-{width}px");
    }
}
