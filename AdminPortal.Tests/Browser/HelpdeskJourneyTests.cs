using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 4's journey: an Administrator adds a Helpdesk member at /staff; the Helpdesk member issues a hidden observer link
/// with a reason, cannot issue an administrator link, and the Administrator finds both in the audit trail.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class HelpdeskJourneyTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Helpdesk_issues_a_hidden_observer_link_with_a_reason_and_cannot_issue_an_administrator_link(int width)
    {
        var portal = fixture.Portal;
        var helpdesk = $"help-{width}@example.test";
        await using var context = await browser.NewContextAsync(portal, width);
        var admin = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = admin.Page;

        await page.NavigateAsync("Presets", "/presets");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Presets");
        await page.GetByText("Hidden observer").First.ClickAsync();
        await Expect(page.Locator("#preset-name")).ToHaveValueAsync("Hidden observer");
        await Expect(page.Locator("#preset-role-helpdesk")).ToBeCheckedAsync();
        await page.AssertAccessibleAsync("presets");
        await page.AssertFitsWidthAsync("presets");
        await page.SaveEvidenceAsync($"4-presets-{width}px");

        await page.NavigateAsync("Staff", "/staff");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Staff accounts");
        await page.Locator("#new-email").FillAsync(helpdesk);
        await page.Locator("#new-display-name").FillAsync("Helen Desk");
        await page.Locator(".mud-select:has(#new-role) .mud-input-control").ClickAsync(); // the input itself is hidden; its box opens the list
        await page.GetByRole(AriaRole.Option, new() { Name = StaffRoles.Helpdesk }).ClickAsync();
        await page.Locator("#create-staff").ClickAsync();
        var password = await page.Locator("#one-time-password code").InnerTextAsync();
        await Expect(page.Locator("#staff-table")).ToContainTextAsync(helpdesk);
        await page.AssertAccessibleAsync("staff accounts");
        await page.AssertFitsWidthAsync("staff accounts");
        await page.SaveEvidenceAsync($"4-staff-accounts-{width}px");
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/Account/Login", StringComparison.Ordinal));

        var generator = await GeneratorPage.SignInAsync(page, helpdesk, password);
        await Expect(page.Locator("#preset-moderator")).ToHaveCountAsync(0);
        await Expect(generator.IsAdmin).ToBeDisabledAsync();
        await Expect(page.Locator("#role-note")).ToContainTextAsync("As Helpdesk you may issue hidden and participant links.");
        await page.OpenMenuIfPhoneAsync();
        await Expect(page.MainNavigation().GetByRole(AriaRole.Link, new() { Name = "Invites", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("a[href=staff], a[href=presets], a[href=audit]")).ToHaveCountAsync(0);
        await page.CloseMenuIfOpenAsync();
        Assert.Contains("/Account/AccessDenied", (await page.GotoAsync("/audit"))!.Url);
        await page.GotoAsync("/");
        await page.WaitForCircuitAsync();

        await generator.ApplyPresetAsync("hidden-observer");
        var room = $"support-{width}";
        await generator.FillParticipantAsync(room, "Olive Observer", $"olive-{width}");
        var before = portal.Sandbox.RequestCount;
        await generator.Generate.ClickAsync();
        await generator.ExpectFieldMessageAsync(generator.Reason, "A reason (e.g. a ticket number) is required for hidden and administrator links.");
        Assert.Equal(before, portal.Sandbox.RequestCount);

        await generator.Reason.FillAsync($"HD-{width}: customer asked for a silent observer");
        var link = await generator.GenerateLinkAsync();
        await page.AssertFitsWidthAsync("the helpdesk generator after generating");
        await page.SaveEvidenceAsync($"4-helpdesk-hidden-observer-{width}px");
        await page.GotoAsync(link);
        await Expect(page.Locator("#join-hidden")).ToHaveTextAsync("yes");
        await Expect(page.Locator("#join-admin")).ToHaveTextAsync("no");

        await page.GotoAsync("/");
        await page.WaitForCircuitAsync();
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/Account/Login", StringComparison.Ordinal));
        await GeneratorPage.SignInAsync(page);
        await page.NavigateAsync("Audit", "/audit");
        await page.Locator("#filter-staff").FillAsync(helpdesk);
        await page.Locator("#apply-filter").ClickAsync();
        var grid = page.Locator("#audit-grid");
        await Expect(grid).ToContainTextAsync($"HD-{width}: customer asked for a silent observer");
        await Expect(grid).ToContainTextAsync("Link issued");
        await Expect(grid).ToContainTextAsync("Hidden observer");
        await page.AssertAccessibleAsync("the audit trail");
        await page.SaveEvidenceAsync($"4-audit-{width}px");
    }
}
