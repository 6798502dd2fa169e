using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// The sandbox's join page is a participant: opening it puts them in the room (getActiveRoomInfo lists them), endRoom turns
/// the open page into "This room has ended" without a reload, and closing a page takes its participant out.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class SandboxPresenceTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private static readonly TimeSpan CircuitGoneWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_open_join_page_is_in_the_room_until_the_room_ends_or_the_page_closes()
    {
        var portal = fixture.Portal;
        _ = portal.BaseUrl;
        var client = portal.Services.CreateScope().ServiceProvider.GetRequiredService<PlugNmeetClient>();
        const string roomId = "presence-journey";
        await client.CreateRoomAsync(roomId, "Presence journey");
        var link = await LinkAsync(client, roomId, "maria-1", "Maria Customer");

        await using var context = await browser.NewContextAsync(portal, BrowserFixture.DesktopWidth);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.Locator("#join-presence[data-state=joined]")).ToBeVisibleAsync();
        var maria = Assert.Single((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo!);
        Assert.Equal(("maria-1", "Maria Customer", "ACTIVE"), (maria.Identity, maria.Name, maria.State));
        await page.AssertAccessibleAsync("the sandbox join page, in the room");
        await page.AssertFitsWidthAsync("the sandbox join page, in the room (1440 px)");
        await page.SaveEvidenceAsync("sandbox-presence-joined-1440px");

        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
        Assert.True(await client.EndRoomAsync(roomId));

        await Expect(page.Locator("#join-disconnected")).ToHaveTextAsync("This room has ended.");
        Assert.Equal(0, navigations); // switched live, not by a reload
        Assert.Null(await client.GetActiveRoomAsync(roomId));
        await page.SetViewportSizeAsync(BrowserFixture.PhoneWidth, 844);
        await page.AssertAccessibleAsync("the sandbox join page after the room ended");
        await page.AssertFitsWidthAsync("the sandbox join page after the room ended (390 px)");
        await page.SaveEvidenceAsync("sandbox-presence-ended-390px");

        // A new session: a second page joins, and closing it takes the participant out (the circuit notices within moments).
        await client.CreateRoomAsync(roomId, "Presence journey");
        var second = await context.NewPageAsync();
        await second.GotoAsync(await LinkAsync(client, roomId, "tom-2", "Tom"));
        await Expect(second.Locator("#join-presence[data-state=joined]")).ToBeVisibleAsync();
        Assert.Equal("tom-2", Assert.Single((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo!).Identity);

        await second.CloseAsync();

        var deadline = DateTime.UtcNow + CircuitGoneWithin;
        while ((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo is { Count: > 0 } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Empty((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo!);
    }

    private static async Task<string> LinkAsync(PlugNmeetClient client, string roomId, string userId, string name) =>
        $"{PlugNmeetConnection.SandboxJoinPath}/?access_token=" +
        await client.GetJoinTokenAsync(new GenerateTokenRequest(roomId, new UserInfo(name, userId, false, false, null)));
}
