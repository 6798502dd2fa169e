using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Rooms;

/// <summary>Room templates on the real portal (SQLite, sandbox): seeding, one default, audited changes, roles, and rooms started from them.</summary>
public sealed class RoomTemplateServiceTests(RoomTemplateServiceTests.Portal portal) : IClassFixture<RoomTemplateServiceTests.Portal>
{
    // xUnit runs one class's tests one after another, so moving the default in one test cannot disturb another.
    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            await CreateAdministratorAsync();
            await CreateStaffAsync(Email(StaffRoles.Moderator), StaffRoles.Moderator);
            await CreateStaffAsync(Email(StaffRoles.Helpdesk), StaffRoles.Helpdesk);
        }

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }

    private static string Email(string role) => role == StaffRoles.Administrator ? PortalFactory.AdminEmail : $"{role.ToLowerInvariant()}@example.test";

    private RoomTemplateService Templates => portal.Services.GetRequiredService<RoomTemplateService>();

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 100)];

    private async Task<T> DbAsync<T>(Func<ApplicationDbContext, Task<T>> read)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    private Task<List<AuditEntry>> TemplateAuditAsync() =>
        DbAsync(db => db.AuditEntries.Where(e => e.Kind == AuditKinds.RoomTemplateChanged).OrderBy(e => e.Id).ToListAsync());

    private async Task<RoomTemplate> CreateAsync(string name, RoomTemplateSettings? settings = null, bool isDefault = false)
    {
        var template = new RoomTemplate { Name = name, Settings = settings ?? new(), IsDefault = isDefault };
        Assert.Null(await Templates.SaveAsync(await portal.ActorAsync(), template));
        return (await Templates.FindAsync(template.Id))!;
    }

    [Fact]
    public async Task A_new_database_has_one_default_standard_template_with_the_servers_defaults()
    {
        var standard = await DbAsync(db => db.RoomTemplates.SingleAsync(t => t.Name == RoomTemplateService.StandardName));

        Assert.True(standard.IsDefault);
        Assert.Equal("""{"room_id":"r","metadata":{"room_title":"t","room_features":{}}}""",
            System.Text.Json.JsonSerializer.Serialize(RoomTemplateRequest.Build("r", "t", standard.Settings), AdminPortal.PlugNmeet.PlugNmeetJsonContext.Default.CreateRoomRequest));
    }

    [Fact]
    public async Task Create_and_change_are_audited_with_what_changed()
    {
        var name = Unique("Audited");
        var created = await CreateAsync(name, new() { MuteOnStart = true });
        var before = (await TemplateAuditAsync()).Count;

        created.Settings.WaitingRoom = true;
        created.Settings.WelcomeMessage = "Hello";
        Assert.Null(await Templates.SaveAsync(await portal.ActorAsync(), created));

        var entries = await TemplateAuditAsync();
        Assert.Contains(entries, e => e.Detail!.StartsWith($"created template \"{name}\": ") && e.Detail.Contains("mute on start yes"));
        var change = Assert.Single(entries.Skip(before));
        Assert.Equal($"changed template \"{name}\": waiting room no → yes, welcome message none → \"Hello\"", change.Detail);
        Assert.Equal(PortalFactory.AdminEmail, change.Actor);
        Assert.Equal(StaffRoles.Administrator, change.ActorRole);
        Assert.True((await Templates.FindAsync(created.Id))!.Settings.WaitingRoom);
    }

    [Fact]
    public async Task Names_are_unique_and_invalid_fields_are_refused_before_anything_is_stored()
    {
        var name = Unique("Twice");
        await CreateAsync(name);
        var admin = await portal.ActorAsync();
        var count = await DbAsync(db => db.RoomTemplates.CountAsync());

        Assert.Equal($"A template named \"{name}\" already exists.", await Templates.SaveAsync(admin, new RoomTemplate { Name = $" {name} " }));
        Assert.Equal("Enter a full http:// or https:// address, e.g. https://example.com/goodbye.",
            await Templates.SaveAsync(admin, new RoomTemplate { Name = Unique("Bad"), Settings = new() { LogoutUrl = "javascript:alert(1)" } }));
        Assert.Equal(count, await DbAsync(db => db.RoomTemplates.CountAsync()));
    }

    [Fact]
    public async Task Exactly_one_default_which_can_be_neither_deleted_nor_switched_off()
    {
        var admin = await portal.ActorAsync();
        var standard = await DbAsync(db => db.RoomTemplates.SingleAsync(t => t.Name == RoomTemplateService.StandardName));
        var other = await CreateAsync(Unique("Other"));

        Assert.Null(await Templates.SetDefaultAsync(admin, other.Id));
        Assert.Equal(other.Id, (await DbAsync(db => db.RoomTemplates.SingleAsync(t => t.IsDefault))).Id);
        Assert.Equal("The default template cannot be deleted: make another template the default first.", await Templates.DeleteAsync(admin, other.Id));
        other = (await Templates.FindAsync(other.Id))!;
        other.IsDefault = false;
        Assert.Equal("This is the default template: make another template the default instead.", await Templates.SaveAsync(admin, other));

        // Saving a new template as the default moves the mark too.
        var third = await CreateAsync(Unique("Third"), isDefault: true);
        Assert.Equal(third.Id, (await DbAsync(db => db.RoomTemplates.SingleAsync(t => t.IsDefault))).Id);
        Assert.Null(await Templates.SetDefaultAsync(admin, standard.Id));
        Assert.Equal(standard.Id, (await DbAsync(db => db.RoomTemplates.SingleAsync(t => t.IsDefault))).Id);
        Assert.Contains(await TemplateAuditAsync(), e => e.Detail == $"made template \"{other.Name}\" the default");
    }

    [Fact]
    public async Task Deleting_a_template_a_preset_names_sends_that_preset_back_to_the_default()
    {
        var admin = await portal.ActorAsync();
        var template = await CreateAsync(Unique("Doomed"));
        var preset = new Preset { Name = Unique("Uses doomed"), TemplateId = template.Id };
        Assert.Null(await portal.Services.GetRequiredService<PresetService>().SaveAsync(admin, preset));
        Assert.Equal([preset.Name], await Templates.PresetsUsingAsync(template.Id));

        Assert.Null(await Templates.DeleteAsync(admin, template.Id));

        Assert.Null(await Templates.FindAsync(template.Id));
        Assert.Null((await portal.Services.GetRequiredService<PresetService>().FindAsync(preset.Id))!.TemplateId);
        Assert.Contains(await TemplateAuditAsync(),
            e => e.Detail == $"deleted template \"{template.Name}\"; presets now using the default template: {preset.Name}");
    }

    [Theory]
    [InlineData(StaffRoles.Moderator)]
    [InlineData(StaffRoles.Helpdesk)]
    public async Task Only_administrators_change_templates(string role)
    {
        var actor = await portal.ActorAsync(Email(role));
        var existing = await DbAsync(db => db.RoomTemplates.FirstAsync());

        Assert.Equal(RoomTemplateService.AdministratorOnly,
            (await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Templates.SaveAsync(actor, new RoomTemplate { Name = "Sneaky" }))).Message);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Templates.SetDefaultAsync(actor, existing.Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Templates.DeleteAsync(actor, existing.Id));
        Assert.NotEmpty(await Templates.ListAsync()); // reading is for everyone: the generator names the template
    }

    [Theory]
    [InlineData(StaffRoles.Administrator, HttpStatusCode.OK)]
    [InlineData(StaffRoles.Moderator, HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Helpdesk, HttpStatusCode.Redirect)]
    public async Task The_templates_page_is_for_administrators(string role, HttpStatusCode expected)
    {
        using var http = new PortalHttp(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(Email(role))).StatusCode);

        var response = await http.GetAsync("templates");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        }
        else
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Room templates", html);
            Assert.Contains($"{RoomTemplateService.StandardName} (default)", html);
        }
    }

    [Fact]
    public async Task A_link_through_a_preset_starts_the_room_in_the_sandbox_with_the_presets_template_and_records_it()
    {
        var admin = await portal.ActorAsync();
        var template = await CreateAsync(Unique("Waiting"), new() { WaitingRoom = true, WaitingRoomMessage = "Wait", MaxParticipants = 9 });
        var preset = new Preset { Name = Unique("With waiting room"), TemplateId = template.Id };
        Assert.Null(await portal.Services.GetRequiredService<PresetService>().SaveAsync(admin, preset));
        var roomId = "tpl-" + Guid.NewGuid().ToString("N")[..8];
        var form = new JoinLinkForm { RoomId = roomId, DisplayName = "Pat", UserId = "pat-1", PresetId = preset.Id };
        preset.ApplyTo(form);

        await using var scope = portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(form, admin, new Uri(portal.BaseUrl + "/"));

        Assert.True(outcome.Succeeded, outcome.Error);
        var room = await DbAsync(db => db.PortalRooms.SingleAsync(r => r.RoomId == roomId));
        Assert.Equal(template.Id, room.TemplateId);
        Assert.Equal(template.Name, room.TemplateName);
        Assert.Equal(PortalFactory.AdminEmail, room.CreatedBy);
        Assert.Equal(portal.Clock.GetUtcNow(), room.CreatedAt);
        Assert.Equal(portal.Sandbox.FindRoom(roomId)!.Sid, room.Sid);
    }

    [Fact]
    public async Task An_invite_made_from_a_preset_starts_its_room_with_that_presets_template_when_a_visitor_opens_it()
    {
        var admin = await portal.ActorAsync();
        var template = await CreateAsync(Unique("Invite room"), new() { WaitingRoom = true, WaitingRoomMessage = "Wait" });
        var preset = new Preset { Name = Unique("Invite preset"), TemplateId = template.Id };
        Assert.Null(await portal.Services.GetRequiredService<PresetService>().SaveAsync(admin, preset));
        var roomId = "inv-tpl-" + Guid.NewGuid().ToString("N")[..8];
        var form = new JoinLinkForm { RoomId = roomId, DisplayName = "Ann", UserId = "ann-1", PresetId = preset.Id };
        preset.ApplyTo(form);
        var start = portal.Clock.GetUtcNow();

        await using var scope = portal.Services.CreateAsyncScope();
        var invites = scope.ServiceProvider.GetRequiredService<AdminPortal.Invites.InviteService>();
        var created = await invites.CreateAsync(form, new AdminPortal.Invites.InviteTerms(AdminPortal.Invites.InviteKind.Personal, start, start.AddDays(1), null),
            admin, new Uri(portal.BaseUrl + "/"));
        Assert.True(created.Succeeded, created.Error);
        Assert.Equal(preset.Id, created.Invite!.PresetId);
        Assert.Empty(await DbAsync(db => db.PortalRooms.Where(r => r.RoomId == roomId).ToListAsync()));

        var opened = await invites.UseAsync(created.Url!.Split('/').Last(), null, "127.0.0.1", new Uri(portal.BaseUrl + "/"));

        Assert.NotNull(opened.RedirectUrl);
        var room = await DbAsync(db => db.PortalRooms.SingleAsync(r => r.RoomId == roomId));
        Assert.Equal(template.Name, room.TemplateName);
        Assert.Equal(portal.Sandbox.FindRoom(roomId)!.Sid, room.Sid);
    }

    [Fact]
    public async Task Resolve_gives_the_presets_template_else_the_default()
    {
        var admin = await portal.ActorAsync();
        var named = await CreateAsync(Unique("Named"));
        var withTemplate = new Preset { Name = Unique("Names one"), TemplateId = named.Id };
        var without = new Preset { Name = Unique("Names none") };
        var presets = portal.Services.GetRequiredService<PresetService>();
        Assert.Null(await presets.SaveAsync(admin, withTemplate));
        Assert.Null(await presets.SaveAsync(admin, without));
        var defaultId = (await DbAsync(db => db.RoomTemplates.SingleAsync(t => t.IsDefault))).Id;

        Assert.Equal(named.Id, (await Templates.ResolveAsync(withTemplate.Id)).Id);
        Assert.Equal(defaultId, (await Templates.ResolveAsync(without.Id)).Id);
        Assert.Equal(defaultId, (await Templates.ResolveAsync(null)).Id);
        Assert.Equal(defaultId, (await Templates.ResolveAsync(987654)).Id);
    }
}
