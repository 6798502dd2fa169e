using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 5's journey, with issue 8's two-step opening: a link scanner's fetches use nothing; a visitor in a fresh browser
/// sees who the invite is for, presses Join and lands on the conference; after it is revoked the link shows the "withdrawn" page.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class InviteJourneyTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task A_personal_invite_opens_in_a_fresh_browser_and_is_refused_once_revoked(int width)
    {
        var portal = fixture.Portal;
        await using var staffContext = await browser.NewContextAsync(portal, width, clipboard: true);
        var generator = await GeneratorPage.SignInAsync(await staffContext.NewPageAsync());
        var page = generator.Page;
        var room = $"open-day-{width}";
        await generator.FillParticipantAsync(room, "Maya Parent", $"maya-{width}");
        await generator.RoomTitle.FillAsync("Open day");

        await page.Locator("#create-invite").ClickAsync();
        var invite = page.Locator("#invite-link");
        await Expect(invite).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"^{portal.BaseUrl}/j/[A-Za-z0-9_-]{{22}}$"));
        var url = await invite.InputValueAsync();
        await Expect(page.Locator("#invite-terms")).ToContainTextAsync("unlimited uses");
        Assert.Equal(url, await QrCodeReader.DecodePngDataUriAsync((await page.Locator("#invite-qr").GetAttributeAsync("src"))!, $"5-invite-qr-{width}px"));
        await page.Locator("#copy-invitation").ClickAsync();
        await Expect(page.Locator("#copy-invitation-status")).ToHaveTextAsync("Invitation copied to the clipboard.");
        var invitation = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(["You are invited to Open day.", "For: Maya Parent"], invitation.Split('\n')[..2]);
        Assert.EndsWith(url, invitation);
        await page.AssertAccessibleAsync("the generator with an invite");
        await page.AssertFitsWidthAsync("the generator with an invite");
        await page.SaveEvidenceAsync($"5-invite-created-{width}px");

        await using (var scannerContext = await browser.NewContextAsync(portal, width))
        {
            // A mail scanner or chat preview only fetches the page: it sees the landing page and never presses Join.
            var scanned = await scannerContext.APIRequest.GetAsync(url);
            Assert.Equal(200, scanned.Status);
            var preview = await scannerContext.NewPageAsync();
            await preview.GotoAsync(url);
            await Expect(preview.Locator("#join")).ToBeVisibleAsync();
        }

        await using (var visitorContext = await browser.NewContextAsync(portal, width))
        {
            var visitor = await visitorContext.NewPageAsync();
            var landing = await visitor.GotoAsync(url);
            Assert.Equal(200, landing!.Status);
            await Expect(visitor.Locator("#invite-for")).ToHaveTextAsync("Invitation for Maya Parent");
            await Expect(visitor.Locator("#invite-room")).ToHaveTextAsync("Open day");
            await Expect(visitor.Locator("#invite-validity")).ToContainTextAsync("Valid until");
            await visitor.AssertAccessibleAsync("the invite landing page");
            await visitor.AssertFitsWidthAsync("the invite landing page");
            await visitor.SaveEvidenceAsync($"5-invite-landing-{width}px");
            await visitor.Locator("#join").ClickAsync();
            await Expect(visitor.Locator("#join-name")).ToHaveTextAsync("Maya Parent");
            await Expect(visitor.Locator("#join-room-id")).ToHaveTextAsync(room);
            await Expect(visitor.Locator("#sandbox-room")).ToHaveTextAsync("Open day");
            await visitor.SaveEvidenceAsync($"5-invite-opened-{width}px");
        }

        await page.NavigateAsync("Invites", "/invites");
        var row = page.Locator("#invites-table tr", new() { HasText = $"maya-{width}" });
        await Expect(row).ToContainTextAsync("active");
        await Expect(row).ToContainTextAsync("1 / ∞"); // the Join, not the scanner's fetches
        await Expect(row).ToContainTextAsync("Personal invite · joins as PARTICIPANT");
        await page.AssertAccessibleAsync("the invites page");
        await page.AssertFitsWidthAsync("the invites page");
        await row.Locator("button", new() { HasText = "Revoke" }).ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Dialog).GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        await page.SaveEvidenceAsync($"5-invites-{width}px");

        await using (var visitorContext = await browser.NewContextAsync(portal, width))
        {
            var visitor = await visitorContext.NewPageAsync();
            var response = await visitor.GotoAsync(url);
            Assert.Equal(410, response!.Status);
            await Expect(visitor.Locator("h1")).ToHaveTextAsync("This invite link has been withdrawn");
            await Expect(visitor.Locator("#invite-contact")).ToBeVisibleAsync();
            await visitor.AssertAccessibleAsync("the withdrawn invite page");
            await visitor.AssertFitsWidthAsync("the withdrawn invite page");
            await visitor.SaveEvidenceAsync($"5-invite-revoked-{width}px");
        }
    }
}
