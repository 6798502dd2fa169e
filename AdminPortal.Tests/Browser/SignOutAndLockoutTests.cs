using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 7: signing out closes the generator, and five wrong passwords lock the account with a clear message.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class SignOutAndLockoutTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Sign_out_leads_to_log_in_and_five_wrong_passwords_lock_the_account(int width)
    {
        // Each width locks its own staff account, so the two runs do not share a lockout.
        var email = $"staff-{width}@example.test";
        var password = $"Staff-Password-{width}";
        await CreateStaffAsync(email, password);
        // Each run starts in a fresh minute, so the failures of the other width do not count against this address.
        fixture.Portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync(), email, password);
        var page = generator.Page;

        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login");
        await page.GotoAsync("/");
        Assert.Equal("/Account/Login", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("#sign-out")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync("log-in");
        await page.AssertFitsWidthAsync("log-in");

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SubmitAsync(page, email, $"Wrong-Password-{attempt}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: wrong email or password.");
        }
        await page.AssertAccessibleAsync("log-in after a wrong password");
        await page.AssertFitsWidthAsync("log-in after a wrong password");
        await page.SaveEvidenceAsync($"7-log-in-error-{width}px");

        await SubmitAsync(page, email, "Wrong-Password-5");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Lockout");
        await Expect(page.Locator("#lockout-message")).ToHaveTextAsync(
            "Too many wrong passwords: this account is locked for 15 minutes. Try again later, or ask an administrator to unlock it.");

        // Locked means locked: the right password does not get in either.
        await page.GotoAsync("/Account/Login");
        await SubmitAsync(page, email, password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Lockout");
        await page.AssertAccessibleAsync("the lockout page");
        await page.AssertFitsWidthAsync("the lockout page");
        await page.SaveEvidenceAsync($"7-sign-out-and-lockout-{width}px");
    }

    /// <summary>Posts the log-in form and waits for the answer page. A failed sign-in answers at the same address with the same
    /// message as before, so the old document is marked and the wait is for a document without the mark.</summary>
    private static async Task SubmitAsync(IPage page, string email, string password)
    {
        await page.Locator("#Input\\.Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(password);
        await page.EvaluateAsync("() => window.answered = false");
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForFunctionAsync("() => window.answered === undefined && document.readyState !== 'loading'");
    }

    private async Task CreateStaffAsync(string email, string password)
    {
        await using var scope = fixture.Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
    }
}
