using System.Net;
using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Staff;

/// <summary>Every role against every action, enforced in the services and on the HTTP endpoints (not only by hidden buttons).</summary>
public sealed class RoleMatrixTests(RoleMatrixTests.Portal portal) : IClassFixture<RoleMatrixTests.Portal>
{
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

    public enum LinkKind { Participant, Administrator, Hidden }

    [Theory]
    [InlineData(StaffRoles.Administrator, LinkKind.Participant, true)]
    [InlineData(StaffRoles.Administrator, LinkKind.Administrator, true)]
    [InlineData(StaffRoles.Administrator, LinkKind.Hidden, true)]
    [InlineData(StaffRoles.Moderator, LinkKind.Participant, true)]
    [InlineData(StaffRoles.Moderator, LinkKind.Administrator, true)]
    [InlineData(StaffRoles.Moderator, LinkKind.Hidden, false)]
    [InlineData(StaffRoles.Helpdesk, LinkKind.Participant, true)]
    [InlineData(StaffRoles.Helpdesk, LinkKind.Administrator, false)]
    [InlineData(StaffRoles.Helpdesk, LinkKind.Hidden, true)]
    public async Task Issue_link(string role, LinkKind kind, bool allowed)
    {
        var form = Form();
        form.IsAdmin = kind == LinkKind.Administrator;
        form.IsHidden = kind == LinkKind.Hidden;
        var before = portal.Sandbox.RequestCount;

        var outcome = await GenerateAsync(role, form);

        Assert.Equal(allowed, outcome.Succeeded);
        if (!allowed)
        {
            Assert.Equal($"Your role ({role}) may not issue {(form.IsAdmin ? "administrator" : "hidden")} links.", outcome.Error);
            Assert.Equal(before, portal.Sandbox.RequestCount);
        }
    }

    [Theory]
    [InlineData(StaffRoles.Administrator, "Moderator", true)]
    [InlineData(StaffRoles.Administrator, "Hidden observer", true)]
    [InlineData(StaffRoles.Moderator, "Moderator", true)]
    [InlineData(StaffRoles.Moderator, "Hidden observer", false)]
    [InlineData(StaffRoles.Helpdesk, "Moderator", false)]
    [InlineData(StaffRoles.Helpdesk, "Hidden observer", true)]
    public async Task Use_preset(string role, string presetName, bool allowed)
    {
        var actor = await portal.ActorAsync(Email(role));
        var presets = portal.Services.GetRequiredService<PresetService>();
        var admin = await portal.ActorAsync();
        var preset = (await presets.ListForAsync(admin)).Single(p => p.Name == presetName);
        var form = Form();
        preset.ApplyTo(form);
        form.PresetId = preset.Id;

        Assert.Equal(allowed, (await presets.ListForAsync(actor)).Any(p => p.Id == preset.Id));
        var outcome = await GenerateAsync(role, form);

        Assert.Equal(allowed, outcome.Succeeded);
        if (!allowed)
        {
            Assert.StartsWith($"Your role ({role}) may not", outcome.Error);
        }
    }

    [Theory]
    [InlineData(StaffRoles.Administrator, true)]
    [InlineData(StaffRoles.Moderator, false)]
    [InlineData(StaffRoles.Helpdesk, false)]
    public async Task Manage_staff_presets_and_read_audit_in_the_services(string role, bool allowed)
    {
        var actor = await portal.ActorAsync(Email(role));
        await using var scope = portal.Services.CreateAsyncScope();
        var staff = scope.ServiceProvider.GetRequiredService<StaffService>();
        var presets = scope.ServiceProvider.GetRequiredService<PresetService>();
        var newPreset = new Preset { Name = $"Matrix {role}", Roles = [StaffRoles.Moderator] };

        if (allowed)
        {
            Assert.NotEmpty(await staff.ListAsync(actor));
            Assert.Null(await presets.SaveAsync(actor, newPreset));
            await presets.SetPresetsOnlyAsync(actor, StaffRoles.Helpdesk, false);
        }
        else
        {
            Assert.Equal(StaffService.AdministratorOnly, (await Assert.ThrowsAsync<UnauthorizedAccessException>(() => staff.ListAsync(actor))).Message);
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => staff.CreateAsync(actor, "x@example.test", "X", StaffRoles.Administrator, null));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => staff.ChangeRoleAsync(actor, actor.UserId, StaffRoles.Administrator));
            Assert.Equal(PresetService.AdministratorOnly, (await Assert.ThrowsAsync<UnauthorizedAccessException>(() => presets.SaveAsync(actor, newPreset))).Message);
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => presets.SetPresetsOnlyAsync(actor, StaffRoles.Helpdesk, false));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => presets.DeleteAsync(actor, 1));
        }
    }

    [Theory]
    [InlineData(StaffRoles.Administrator, "staff", HttpStatusCode.OK)]
    [InlineData(StaffRoles.Administrator, "presets", HttpStatusCode.OK)]
    [InlineData(StaffRoles.Administrator, "audit", HttpStatusCode.OK)]
    [InlineData(StaffRoles.Administrator, "audit/export.csv", HttpStatusCode.OK)]
    [InlineData(StaffRoles.Moderator, "staff", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Moderator, "presets", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Moderator, "audit", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Moderator, "audit/export.csv", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Helpdesk, "staff", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Helpdesk, "presets", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Helpdesk, "audit", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Helpdesk, "audit/export.csv", HttpStatusCode.Redirect)]
    [InlineData(StaffRoles.Helpdesk, "", HttpStatusCode.OK)]
    [InlineData(StaffRoles.Moderator, "", HttpStatusCode.OK)]
    public async Task Pages_over_http(string role, string path, HttpStatusCode expected)
    {
        using var http = new PortalHttp(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(Email(role))).StatusCode);

        var response = await http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task A_role_limited_to_presets_can_only_issue_a_presets_exact_settings()
    {
        var admin = await portal.ActorAsync();
        var presets = portal.Services.GetRequiredService<PresetService>();
        await presets.SetPresetsOnlyAsync(admin, StaffRoles.Moderator, true);
        try
        {
            var preset = (await presets.ListForAsync(await portal.ActorAsync(Email(StaffRoles.Moderator)))).Single();
            var free = Form();
            var fromPreset = Form();
            preset.ApplyTo(fromPreset);
            fromPreset.PresetId = preset.Id;
            var altered = Form();
            preset.ApplyTo(altered);
            altered.PresetId = preset.Id;
            altered.PreferredLanguage = "de-DE";

            Assert.Contains("may only issue links exactly as a preset defines them", (await GenerateAsync(StaffRoles.Moderator, free)).Error);
            Assert.True((await GenerateAsync(StaffRoles.Moderator, fromPreset)).Succeeded);
            Assert.False((await GenerateAsync(StaffRoles.Moderator, altered)).Succeeded);
            Assert.True((await GenerateAsync(StaffRoles.Administrator, free)).Succeeded);
        }
        finally
        {
            await presets.SetPresetsOnlyAsync(admin, StaffRoles.Moderator, false);
        }
    }

    private static JoinLinkForm Form() => new()
    {
        RoomId = "matrix", DisplayName = "Pat", UserId = UserIdGenerator.Create("Pat"), Reason = "TICKET-42",
    };

    private async Task<JoinLinkOutcome> GenerateAsync(string role, JoinLinkForm form)
    {
        var actor = await portal.ActorAsync(Email(role));
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(form, actor, new Uri(portal.BaseUrl + "/"));
    }
}
