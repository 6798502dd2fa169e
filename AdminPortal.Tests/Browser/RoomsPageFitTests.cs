using AdminPortal.Components.Pages.Generator;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 12: /rooms and a room's page against the sandbox, on a 390 px phone and a 1440 px screen: the room a link started is
/// listed, its page opens, and "Issue a link for this room" brings the generator back with the room filled in and found running.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class RoomsPageFitTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Rooms_and_a_room_fit_both_widths(int width)
    {
        var roomId = $"parents-evening-{width}";
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        await generator.FillParticipantAsync(roomId, "Ada Lovelace", $"ada-{width}");
        await generator.RoomTitle.FillAsync("Parents' evening, class 4b");
        await generator.GenerateLinkAsync();
        var page = generator.Page;

        await page.GotoAsync("/rooms");
        await page.WaitForCircuitAsync();
        var card = page.Locator($"#rooms-list li[data-room-id='{roomId}']");
        await Expect(card).ToContainTextAsync("Parents' evening, class 4b");
        await page.AssertFitsWidthAsync("the running rooms");
        await page.AssertAccessibleAsync("the running rooms");
        await page.SaveEvidenceAsync($"12-rooms-{width}px");

        await card.Locator("a").ClickAsync();
        await Expect(page.Locator("#room-heading")).ToContainTextAsync("Parents' evening, class 4b");
        await Expect(page.Locator("#participants-heading")).ToContainTextAsync("In the room:");
        await Expect(page.Locator("#end-room")).ToBeVisibleAsync();
        await page.AssertFitsWidthAsync("a running room");
        await page.AssertAccessibleAsync("a running room");
        await page.SaveEvidenceAsync($"12-room-{width}px");

        await page.Locator("#issue-link-for-room").ClickAsync();
        await page.WaitForCircuitAsync();
        await Expect(generator.RoomId).ToHaveValueAsync(roomId);
        await Expect(generator.RoomTitle).ToHaveValueAsync("Parents' evening, class 4b");
        // The portal under test runs on a fake clock: the guard's pause after typing passes when the test says so.
        fixture.Portal.Clock.Advance(RoomGuard.Debounce);
        await Expect(page.Locator("#room-guard-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Running, \\d+ participants?\\.$"));
    }
}
