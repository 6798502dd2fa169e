using AdminPortal.Components.Pages.Generator;
using AdminPortal.Components.Pages.Rooms;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 12's journeys against the sandbox: a helpdesk person watches a customer (a second browser context that opened a link)
/// appear in the room and is warned before re-issuing that user id; a moderator ends the room and the customer's open join page
/// says it ended.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class LiveRoomJourneyTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Helpdesk_sees_the_customer_arrive_and_is_warned_then_a_moderator_ends_the_room_and_the_customer_is_told(int width)
    {
        var portal = fixture.Portal;
        var helpdeskEmail = $"help-room-{width}@example.test";
        var moderatorEmail = $"mod-room-{width}@example.test";
        await portal.CreateStaffAsync(helpdeskEmail, StaffRoles.Helpdesk);
        await portal.CreateStaffAsync(moderatorEmail, StaffRoles.Moderator);
        var roomId = $"support-{width}";
        var customerId = $"carla-{width}";

        // The helpdesk person issues the customer's link: the room starts, empty.
        await using var helpdeskContext = await browser.NewContextAsync(portal, width);
        var generator = await GeneratorPage.SignInAsync(await helpdeskContext.NewPageAsync(), helpdeskEmail);
        var helpdesk = generator.Page;
        await generator.FillParticipantAsync(roomId, "Carla Customer", customerId);
        var link = await generator.GenerateLinkAsync();

        await helpdesk.GotoAsync($"/rooms/{roomId}");
        await helpdesk.WaitForCircuitAsync();
        await Expect(helpdesk.Locator("#participants-empty")).ToBeVisibleAsync();
        await Expect(helpdesk.Locator("#end-room")).ToHaveCountAsync(0); // Helpdesk may watch, not end

        // The customer opens the link in a browser of their own.
        await using var customerContext = await browser.NewContextAsync(portal, width);
        var customer = await customerContext.NewPageAsync();
        await customer.GotoAsync(link);
        await Expect(customer.Locator("#join-presence")).ToHaveAttributeAsync("data-state", "joined");

        // The open room page picks the customer up on its next refresh, without the helpdesk person doing anything.
        var row = helpdesk.Locator($"#participants tbody tr[data-user-id='{customerId}']");
        await AdvanceClockUntilAsync(LiveRoomsView<object>.Period, () => row.IsVisibleAsync());
        await Expect(row).ToContainTextAsync("Carla Customer");
        await Expect(helpdesk.Locator("#participants-heading")).ToHaveTextAsync("In the room: 1 person");
        await helpdesk.AssertFitsWidthAsync("a room with the customer in it");
        await helpdesk.AssertAccessibleAsync("a room with the customer in it");
        await helpdesk.SaveEvidenceAsync($"12-journey-room-with-customer-{width}px");

        // Re-issuing for the same user id would knock the customer out: the generator says so before anything is sent.
        await helpdesk.Locator("#issue-link-for-room").ClickAsync();
        await helpdesk.WaitForCircuitAsync();
        await Expect(generator.RoomId).ToHaveValueAsync(roomId);
        await generator.DisplayName.FillAsync("Carla Customer");
        await generator.UserId.FillAsync(customerId);
        var presence = portal.Sandbox.FindPresence(roomId, customerId);
        Assert.NotNull(presence);
        await AdvanceClockUntilAsync(RoomGuard.Debounce, () => helpdesk.Locator("#room-guard-online").IsVisibleAsync());
        await Expect(helpdesk.Locator("#room-guard-online")).ToContainTextAsync(
            $"Carla Customer ({customerId}) is in this room now: a new link for the same user id will disconnect them.");
        await helpdesk.AssertFitsWidthAsync("the generator warning about a user id in the room");
        await helpdesk.AssertAccessibleAsync("the generator warning about a user id in the room");
        await helpdesk.SaveEvidenceAsync($"12-journey-user-id-online-{width}px");

        await helpdesk.Locator("#room-guard-make-unique").ClickAsync();
        await Expect(generator.UserId).Not.ToHaveValueAsync(customerId);
        await AdvanceClockUntilAsync(RoomGuard.Debounce, async () => !await helpdesk.Locator("#room-guard-online").IsVisibleAsync());
        await Expect(helpdesk.Locator("#room-guard-status")).ToHaveTextAsync("Running, 1 participant.");
        await Expect(helpdesk.Locator("#room-guard-online")).ToHaveCountAsync(0);
        // Nothing was issued: a getJoinToken for that user id would have replaced the customer's session in the sandbox.
        Assert.Same(presence, portal.Sandbox.FindPresence(roomId, customerId));
        Assert.True(presence!.IsConnected);

        // A moderator ends the room; the confirmation names the room and how many it disconnects.
        await using var moderatorContext = await browser.NewContextAsync(portal, width);
        var moderator = (await GeneratorPage.SignInAsync(await moderatorContext.NewPageAsync(), moderatorEmail)).Page;
        await moderator.GotoAsync($"/rooms/{roomId}");
        await moderator.WaitForCircuitAsync();
        await Expect(moderator.Locator($"#participants tbody tr[data-user-id='{customerId}']")).ToBeVisibleAsync();
        await moderator.Locator("#end-room").ClickAsync();
        var dialog = moderator.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"End room {roomId}?");
        await Expect(dialog).ToContainTextAsync("1 person");
        await moderator.AssertFitsWidthAsync("the end-room confirmation");
        await moderator.SaveEvidenceAsync($"12-journey-end-room-confirm-{width}px");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "End room" }).ClickAsync();
        await Expect(moderator.Locator("#room-ended")).ToContainTextAsync("1 person disconnected");

        // The customer's page says so at once, without a reload.
        await Expect(customer.Locator("#join-presence")).ToHaveAttributeAsync("data-state", "roomended");
        await Expect(customer.Locator("#join-presence")).ToContainTextAsync(SandboxState.RoomEndedMessage);
        await customer.AssertAccessibleAsync("the customer's join page after the room ended");
        await customer.SaveEvidenceAsync($"12-journey-customer-room-ended-{width}px");
        Assert.Null(portal.Sandbox.FindPresence(roomId, customerId));
    }

    /// <summary>
    /// The portal under test runs on a fake clock. A typed value or a page's timer reaches the server a moment after the browser
    /// shows it, so the clock is moved on in steps until the page shows what the waiting brings (bounded; the assertion follows).
    /// </summary>
    private async Task AdvanceClockUntilAsync(TimeSpan step, Func<Task<bool>> shown)
    {
        for (var attempt = 0; attempt < 40 && !await shown(); attempt++)
        {
            fixture.Portal.Clock.Advance(step);
            await Task.Delay(250);
        }
    }
}
