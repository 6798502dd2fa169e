using System.Text;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Rooms;

/// <summary>
/// JoinLinkService starts a room that is not running with its template (the preset's, else the default) and records it;
/// a running room still costs one call. plugNmeet is a <see cref="StubHandler"/>, so the exact bodies sent are checked.
/// </summary>
public sealed class TemplateRoomCreationTests : PortalBunitContext
{
    private const string Sid = "4b6c0b5e-8f1a-4a0e-9d55-1f7c0a2d9e11";
    private readonly StubHandler _plugNmeet;
    private bool _running;

    public TemplateRoomCreationTests() : base(JSRuntimeMode.Loose)
    {
        _plugNmeet = new StubHandler((request, body) => request.RequestUri!.AbsolutePath switch
        {
            "/auth/room/getJoinToken" when !_running =>
                StubHandler.Json("""{"status":false,"msg":"room is not active","status_code":"ROOM_NOT_FOUND"}"""),
            "/auth/room/getJoinToken" => StubHandler.Json("""{"status":true,"msg":"success","status_code":"SUCCESS","token":"a.b.c"}"""),
            "/auth/room/create" => Created(),
            _ => StubHandler.Json("""{"status":false,"msg":"unexpected","status_code":"NOT_FOUND"}"""),
        });
        AddPlugNmeet(_plugNmeet);
    }

    private HttpResponseMessage Created()
    {
        _running = true;
        return StubHandler.Json($$$"""{"status":true,"msg":"success","status_code":"SUCCESS","room_info":{"room_id":"r","sid":"{{{Sid}}}","is_running":1,"creation_time":"1724"}}""");
    }

    private List<string> Calls => _plugNmeet.Requests.Select(r => r.Request.RequestUri!.AbsolutePath).ToList();

    private string CreateBody => Encoding.UTF8.GetString(_plugNmeet.Requests.Single(r => r.Request.RequestUri!.AbsolutePath == "/auth/room/create").Body);

    private async Task<StaffActor> ActorAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StaffContext>().GetActorAsync())!;
    }

    private async Task<JoinLinkOutcome> GenerateAsync(JoinLinkForm form)
    {
        var actor = await ActorAsync();
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(form, actor, new Uri("http://portal.test/"));
    }

    private async Task<T> DbAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    private async Task<RoomTemplate> AddTemplateAsync(string name, RoomTemplateSettings settings, bool isDefault = false)
    {
        var template = new RoomTemplate { Name = name, Settings = settings, IsDefault = isDefault };
        Assert.Null(await Services.GetRequiredService<RoomTemplateService>().SaveAsync(await ActorAsync(), template));
        return template;
    }

    private static JoinLinkForm Form(string roomId = "team-room") => new() { RoomId = roomId, RoomTitle = "Team room", DisplayName = "Pat", UserId = "pat-1" };

    [Fact]
    public async Task A_room_that_is_not_running_is_created_with_the_default_templates_settings_and_recorded()
    {
        var template = await AddTemplateAsync("Webinar", new() { WaitingRoom = true, WaitingRoomMessage = "The host lets you in.", MuteOnStart = true, MaxParticipants = 50 },
            isDefault: true);

        var outcome = await GenerateAsync(Form());

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["/auth/room/getJoinToken", "/auth/room/create", "/auth/room/getJoinToken"], Calls);
        Assert.Equal(
            """{"room_id":"team-room","metadata":{"room_title":"Team room","room_features":{"mute_on_start":true,"waiting_room_features":{"is_active":true,"waiting_room_msg":"The host lets you in."}},"webhook_url":"http://portal.test/webhooks/plugnmeet"},"max_participants":50}""",
            CreateBody);
        var room = await DbAsync(db => db.PortalRooms.SingleAsync());
        Assert.Equal("team-room", room.RoomId);
        Assert.Equal(Sid, room.Sid);
        Assert.Equal(Clock.GetUtcNow(), room.CreatedAt);
        Assert.Equal(StaffEmail, room.CreatedBy);
        Assert.Equal(template.Id, room.TemplateId);
        Assert.Equal("Webinar", room.TemplateName);
    }

    [Fact]
    public async Task The_seeded_standard_template_creates_rooms_as_before_plus_the_portals_webhook_address()
    {
        Assert.True((await GenerateAsync(Form())).Succeeded);

        Assert.Equal("""{"room_id":"team-room","metadata":{"room_title":"Team room","room_features":{},"webhook_url":"http://portal.test/webhooks/plugnmeet"}}""", CreateBody);
        Assert.Equal(RoomTemplateService.StandardName, (await DbAsync(db => db.PortalRooms.SingleAsync())).TemplateName);
    }

    [Fact]
    public async Task A_templates_own_webhook_address_wins_and_a_public_base_url_is_used_for_the_portals()
    {
        await AddTemplateAsync("Elsewhere", new() { WebhookUrl = "https://hooks.example/plugnmeet" }, isDefault: true);

        Assert.True((await GenerateAsync(Form())).Succeeded);

        Assert.Contains("\"webhook_url\":\"https://hooks.example/plugnmeet\"", CreateBody);
        Assert.Equal("https://portal.example.org/webhooks/plugnmeet",
            new AdminPortal.Invites.InviteOptions { PublicBaseUrl = "https://portal.example.org/" }.BaseUrlFor(new Uri("http://10.0.0.5:8080/")) + AdminPortal.Webhooks.WebhookEndpoints.Path);
    }

    [Fact]
    public async Task A_running_room_costs_one_call_and_creates_and_records_nothing()
    {
        _running = true;

        Assert.True((await GenerateAsync(Form())).Succeeded);

        Assert.Equal(["/auth/room/getJoinToken"], Calls);
        Assert.Equal(0, await DbAsync(db => db.PortalRooms.CountAsync()));
    }

    [Fact]
    public async Task A_presets_template_wins_over_the_default()
    {
        await AddTemplateAsync("Default one", new() { MuteOnStart = true }, isDefault: true);
        var named = await AddTemplateAsync("Quiet", new() { AllowReactions = false, Locks = ["lock_chat"] });
        var preset = new Preset { Name = "Quiet participant", TemplateId = named.Id, Locks = [] };
        Assert.Null(await Services.GetRequiredService<PresetService>().SaveAsync(await ActorAsync(), preset));
        var form = Form();
        preset.ApplyTo(form);
        form.PresetId = preset.Id;

        Assert.True((await GenerateAsync(form)).Succeeded);

        Assert.Contains("\"room_features\":{\"allow_reactions\":false}", CreateBody);
        Assert.Contains("\"lock_chat\":true", CreateBody);
        Assert.DoesNotContain("mute_on_start", CreateBody);
        Assert.Equal("Quiet", (await DbAsync(db => db.PortalRooms.SingleAsync())).TemplateName);
    }

    [Fact]
    public async Task A_room_record_that_cannot_be_written_does_not_lose_the_link()
    {
        await DbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE PortalRooms"));

        var outcome = await GenerateAsync(Form());

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["/auth/room/getJoinToken", "/auth/room/create", "/auth/room/getJoinToken"], Calls);
    }
}
