using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 10 on /staff at both widths: no horizontal scrolling (a card per member on the phone), a bad e-mail is named by its
/// field and creates nothing, and disabling asks first, where Cancel changes nothing.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class StaffPageTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task The_staff_page_fits_refuses_a_bad_e_mail_by_its_field_and_asks_before_disabling(int width)
    {
        var email = $"ada.lovelace.countess-of-lovelace-{width}@analytical-engine.example.test";
        await fixture.Portal.CreateStaffAsync(email, StaffRoles.Moderator);
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        await page.GotoAsync("/staff");
        await page.WaitForCircuitAsync();
        var card = page.Locator($"li.staff-card[data-email='{email}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(page.Locator(".staff-head")).ToBeVisibleAsync(new() { Visible = width > BrowserFixture.PhoneWidth });
        await AssertNoHorizontalScrollAsync(page, "the staff list");
        await page.AssertAccessibleAsync("the staff list");
        await page.SaveEvidenceAsync($"10-staff-list-{width}px");

        await page.Locator("#new-email").FillAsync("not-an-email");
        await page.Locator("#new-display-name").FillAsync("Nobody");
        await page.Locator("#create-staff").ClickAsync();
        await Expect(page.Locator(".mud-input-control:has(#new-email) .mud-input-helper-text")).ToContainTextAsync(StaffService.InvalidEmailMessage);
        await Expect(page.Locator("#new-email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("li.staff-card[data-email='not-an-email']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#one-time-password")).ToHaveCountAsync(0);
        await AssertNoHorizontalScrollAsync(page, "the add form with a bad e-mail");
        await page.SaveEvidenceAsync($"10-staff-bad-email-{width}px");

        await card.GetByRole(AriaRole.Button, new() { Name = $"Disable {email}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("will be signed out everywhere within seconds and cannot sign in until an Administrator re-enables the account.");
        await AssertNoHorizontalScrollAsync(page, "the disable confirmation");
        await page.AssertAccessibleAsync("the disable confirmation");
        await page.SaveEvidenceAsync($"10-staff-confirm-disable-{width}px");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(card).ToContainTextAsync("Active");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"Disable {email}" })).ToBeVisibleAsync();
        Assert.NotNull(await fixture.Portal.ActorAsync(email)); // still active
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{where}: scrollWidth {widths[0]} > clientWidth {widths[1]}");
        await page.AssertFitsWidthAsync(where);
    }
}
