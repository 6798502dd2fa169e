using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 2: the moderator preset gives a link that copies exactly, scans exactly, and opens as an administrator.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ModeratorInviteTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Moderator_invite_is_copied_scanned_and_opened_as_an_administrator(int width)
    {
        var portal = fixture.Portal;
        await using var context = await browser.NewContextAsync(portal, width, clipboard: true);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;
        await page.AssertAccessibleAsync("the generator before generating");
        await page.AssertFitsWidthAsync("the generator before generating");

        await generator.ApplyPresetAsync("moderator");
        await Expect(generator.IsAdmin).ToBeCheckedAsync();
        await Expect(generator.IsHidden).Not.ToBeCheckedAsync();
        var room = $"weekly-sync-{width}";
        await generator.FillParticipantAsync(room, "Ada Lovelace", $"ada-{width}");
        await generator.Reason.FillAsync("SUP-1042");
        var link = await generator.GenerateLinkAsync();

        Assert.StartsWith($"{portal.BaseUrl}/sandbox/join/?access_token=", link);
        await page.AssertAccessibleAsync("the generator after generating");
        await page.AssertFitsWidthAsync("the generator after generating");

        await page.Locator("#copy-link").ClickAsync();
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Link copied to the clipboard.");
        Assert.Equal(link, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var qr = await generator.Qr.GetAttributeAsync("src");
        Assert.Equal(link, await QrCodeReader.DecodePngDataUriAsync(qr!, $"2-moderator-invite-qr-{width}px"));
        await page.SaveEvidenceAsync($"2-moderator-invite-generator-{width}px");

        await page.GotoAsync(link);
        await Expect(page.Locator("#join-name")).ToHaveTextAsync("Ada Lovelace");
        await Expect(page.Locator("#join-room-id")).ToHaveTextAsync(room);
        await Expect(page.Locator("#join-admin")).ToHaveTextAsync("yes");
        await Expect(page.Locator("#join-hidden")).ToHaveTextAsync("no");
        await page.AssertAccessibleAsync("the sandbox join page");
        await page.AssertFitsWidthAsync("the sandbox join page");
        await page.SaveEvidenceAsync($"2-moderator-invite-{width}px");
    }
}
