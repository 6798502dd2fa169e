using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Issue 10 on the invites list: revoke asks first and can be undone (1440 px); a phone shows cards with no sideways scrolling (390 px).</summary>
[Collection(BrowserFixture.Collection)]
public sealed class InvitesListTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private async Task<string> CreateInviteAsync(string room, string name, string userId)
    {
        var portal = fixture.Portal;
        await using var scope = portal.Services.CreateAsyncScope();
        var now = portal.Clock.GetUtcNow();
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
            new JoinLinkForm { RoomId = room, RoomTitle = "Parents' evening of the long-named primary school", DisplayName = name, UserId = userId },
            new InviteTerms(InviteKind.Personal, now, now.AddDays(3), null), await portal.ActorAsync(), new Uri(portal.BaseUrl + "/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return userId;
    }

    private async Task<IPage> OpenInvitesAsync(IBrowserContext context)
    {
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        await page.GotoAsync("/invites");
        await page.WaitForCircuitAsync();
        return page;
    }

    [Fact]
    public async Task Revoke_is_confirmed_in_a_dialog_and_undone_from_the_snackbar_at_1440px()
    {
        var userId = await CreateInviteAsync("undo-room", "Maya Parent", "maya-undo");
        await using var context = await browser.NewContextAsync(fixture.Portal, BrowserFixture.DesktopWidth);
        var page = await OpenInvitesAsync(context);
        var row = page.Locator("#invites-table tbody tr", new() { HasText = userId });
        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Active");

        await row.Locator("button", new() { HasText = "Revoke" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Everyone who opens this invite to Parents' evening of the long-named primary school will be refused, including people who have it on paper");
        await page.AssertAccessibleAsync("the revoke confirmation");
        await page.SaveEvidenceAsync("10-revoke-confirm-1440px");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Revoked");
        var undo = page.Locator(".mud-snackbar", new() { HasText = "revoked." }).GetByRole(AriaRole.Button, new() { Name = "Undo" });
        await Expect(undo).ToBeVisibleAsync();
        await page.SaveEvidenceAsync("10-revoke-undo-offered-1440px");
        await undo.ClickAsync();

        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Active");
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "restored: it works as before." })).ToBeVisibleAsync();
        // Dates stay on one line in the desktop table: no date is taller than two font sizes.
        var tallest = await page.EvaluateAsync<double>(
            "() => Math.max(...[...document.querySelectorAll('#invites-table .date')].map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).fontSize)))");
        Assert.True(tallest < 2, $"a date is {tallest:0.0} font sizes tall, so it wraps");
        await page.AssertFitsWidthAsync("the invites list after undo");
        await page.SaveEvidenceAsync("10-revoke-undone-1440px");
    }

    [Fact]
    public async Task The_invites_list_is_a_card_per_invite_with_no_sideways_scrolling_at_390px()
    {
        await CreateInviteAsync("phone-room-with-a-rather-long-identifier-0123456789", "Alexandra Konstantinopoulou-Whitfield", "phone-1");
        await CreateInviteAsync("phone-room-2", "Kim", "phone-2");
        await using var context = await browser.NewContextAsync(fixture.Portal, BrowserFixture.PhoneWidth);
        var page = await OpenInvitesAsync(context);
        await Expect(page.Locator("#invites-table tbody tr", new() { HasText = "phone-1" })).ToBeVisibleAsync();

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"scrollWidth {widths[0]} > clientWidth {widths[1]}");
        await page.AssertFitsWidthAsync("the invites list on a phone");
        await page.AssertAccessibleAsync("the invites list on a phone");
        await Expect(page.Locator("#invites-count")).ToContainTextAsync("invites");
        await page.SaveEvidenceAsync("10-invites-list-390px");
    }
}
