using System.Text;
using AdminPortal.Components.Pages.Generator;
using AdminPortal.Tests.Rooms;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Extensions;

namespace AdminPortal.Tests.Components;

/// <summary>Issue 12's guardrails in the generator: what the typed room id leads to, "did you mean", and a user id already in the room.</summary>
public partial class GeneratorTests
{
    private static StubRoom Standup() => new("weekly-standup", "Weekly stand-up",
        Participants: [new StubParticipant("Maria", "maria-1"), new StubParticipant("Bo", "bo-2")]);

    private IEnumerable<string> RoomReads => _plugNmeet.Routes.Where(r => r.StartsWith("room/getActiveRoom", StringComparison.Ordinal));

    /// <summary>
    /// Lets typing pause long enough for the guard to look the room up. The typed id reaches the guard through the field's value
    /// change, which may finish after Input() returns (a cold first test): wait until the guard has it, so its pause timer exists
    /// before the clock moves.
    /// </summary>
    private void PauseTyping(IRenderedComponent<Generator> cut)
    {
        var field = cut.FindComponents<MudBlazor.MudTextField<string>>()
            .Single(f => f.Instance.UserAttributes.TryGetValue("id", out var id) && Equals(id, "room-id"));
        var guard = cut.FindComponent<RoomGuard>();
        cut.WaitForAssertion(() => Assert.Equal((field.Instance.GetState(x => x.Text) ?? "").Trim(), (guard.Instance.RoomId ?? "").Trim()));
        Clock.Advance(RoomGuard.Debounce);
    }

    [Fact]
    public void A_running_room_says_how_many_are_in_it_after_one_lookup_of_the_settled_id()
    {
        _plugNmeet.Running.Add(Standup());
        var cut = RenderWithPopovers<Generator>();

        foreach (var typed in new[] { "w", "weekly", "weekly-st", "weekly-standup" })
        {
            cut.Find("#room-id").Input(typed);
        }
        Assert.Empty(RoomReads);
        PauseTyping(cut);

        cut.WaitForAssertion(() => Assert.Equal("Running, 2 participants.", cut.Find("#room-guard-status").TextContent));
        Assert.Equal(["room/getActiveRoomInfo"], RoomReads);
        Assert.Equal("""{"room_id":"weekly-standup"}""", Encoding.UTF8.GetString(_plugNmeet.Requests.Single(r => r.Route == "room/getActiveRoomInfo").Body));
        Assert.Empty(cut.FindAll("#room-guard-did-you-mean"));
    }

    [Fact]
    public void A_room_that_is_not_running_says_it_will_be_started()
    {
        var cut = RenderWithPopovers<Generator>();

        cut.Find("#room-id").Input("brand-new-room");
        PauseTyping(cut);

        cut.WaitForAssertion(() => Assert.Equal(
            "Not running: it will be started with template “Standard” when the link is generated or the invite is first used.",
            cut.Find("#room-guard-status").TextContent));
        Assert.Empty(cut.FindAll("#room-guard-did-you-mean"));
    }

    [Fact]
    public async Task A_room_that_is_not_running_names_the_default_template_and_says_its_waiting_room_holds_participants_back()
    {
        var templates = Services.GetRequiredService<AdminPortal.Rooms.Templates.RoomTemplateService>();
        var admin = new AdminPortal.Staff.StaffActor(StaffUserId, StaffEmail, "Test staff", AdminPortal.Staff.StaffRoles.Administrator, "127.0.0.1");
        var lecture = new AdminPortal.Rooms.Templates.RoomTemplate { Name = "Lecture" };
        lecture.Settings.WaitingRoom = true;
        Assert.Null(await templates.SaveAsync(admin, lecture));
        Assert.Null(await templates.SetDefaultAsync(admin, (await templates.ListAsync()).Single(t => t.Name == "Lecture").Id));
        var cut = RenderWithPopovers<Generator>();

        cut.Find("#room-id").Input("brand-new-room");
        PauseTyping(cut);

        cut.WaitForAssertion(() => Assert.Equal(
            "Not running: it will be started with template “Lecture” when the link is generated or the invite is first used. " +
            "Its waiting room is on: participants wait until a moderator is in the room and admits them (administrator links go straight in).",
            cut.Find("#room-guard-status").TextContent));
    }

    [Fact]
    public void A_new_id_resembling_a_running_room_asks_did_you_mean_and_the_button_fills_it_in()
    {
        _plugNmeet.Running.Add(Standup());
        var cut = RenderWithPopovers<Generator>();

        cut.Find("#room-id").Input("weekly-stnadup");
        PauseTyping(cut);

        cut.WaitForAssertion(() => Assert.Contains("Did you mean weekly-standup?", cut.Find("#room-guard-did-you-mean").TextContent));
        cut.Find("#room-guard-use-suggestion").Click();

        cut.WaitForAssertion(() => Assert.Equal("weekly-standup", cut.Find("#room-id").GetAttribute("value")));
        PauseTyping(cut);
        cut.WaitForAssertion(() => Assert.Equal("Running, 2 participants.", cut.Find("#room-guard-status").TextContent));
    }

    [Fact]
    public void A_user_id_in_the_room_is_warned_about_and_make_unique_id_replaces_it()
    {
        _plugNmeet.Running.Add(Standup());
        var cut = RenderWithPopovers<Generator>();

        FillValidForm(cut, userId: "maria-1");
        PauseTyping(cut);

        cut.WaitForAssertion(() => Assert.Equal("Maria (maria-1) is in this room now: a new link for the same user id will disconnect them.",
            cut.Find("#room-guard-online .room-guard-online-text").TextContent.Trim()));
        cut.Find("#room-guard-make-unique").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("ada-lovelace-", cut.Find("#user-id").GetAttribute("value")));
        Assert.Empty(cut.FindAll("#room-guard-online"));
        Assert.Equal(0, _plugNmeet.Routes.Count(r => r == "room/getJoinToken"));
    }

    [Fact]
    public void Someone_who_joins_after_typing_stopped_is_still_warned_about_on_the_next_look()
    {
        _plugNmeet.Running.Add(Standup() with { Participants = [new StubParticipant("Bo", "bo-2")] });
        var cut = RenderWithPopovers<Generator>();

        FillValidForm(cut, userId: "maria-1");
        PauseTyping(cut);
        cut.WaitForAssertion(() => Assert.Equal("Running, 1 participant.", cut.Find("#room-guard-status").TextContent));
        Assert.Empty(cut.FindAll("#room-guard-online"));

        _plugNmeet.Running[0] = Standup(); // Maria joins while the form sits there
        Clock.Advance(RoomGuard.Recheck);

        cut.WaitForAssertion(() => Assert.Contains("Maria (maria-1) is in this room now", cut.Find("#room-guard-online").TextContent));
        Assert.Equal(2, RoomReads.Count());
    }

    [Fact]
    public void A_failed_lookup_only_says_so_and_generating_still_works()
    {
        _plugNmeet.RoomsBroken = true;
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        PauseTyping(cut);

        cut.WaitForAssertion(() => Assert.StartsWith("Could not check the room: ", cut.Find("#room-guard-failure").TextContent));
        cut.Find("#generate").Click();

        cut.WaitForElement("#join-link");
        Assert.Empty(cut.FindAll("#generate-error"));
    }

    [Fact]
    public void An_invalid_room_id_is_not_looked_up()
    {
        var cut = RenderWithPopovers<Generator>();

        cut.Find("#room-id").Input("has space");
        PauseTyping(cut);
        cut.Find("#room-id").Input("user_reserved");
        PauseTyping(cut);

        Assert.Empty(RoomReads);
        Assert.Empty(cut.FindAll("#room-guard-status"));
    }

    [Fact]
    public void The_rooms_console_opens_the_generator_with_the_room_filled_in()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?room=weekly-standup&title=Weekly%20stand-up");

        var cut = RenderWithPopovers<Generator>();

        Assert.Equal("weekly-standup", cut.Find("#room-id").GetAttribute("value"));
        Assert.Equal("Weekly stand-up", cut.Find("#room-title").GetAttribute("value"));
    }
}
