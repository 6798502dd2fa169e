using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Settings;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.PlugNmeet.Settings;

/// <summary>Saving the connection: sealed secret, applied at once and on a second instance, audited without the secret, never rendered.</summary>
public sealed class PlugNmeetSettingsSaveTests
{
    private const string Secret = "typed-secret-5f0c2a9e7d41b8";

    private static PlugNmeetSettingsService Settings(PortalFactory portal) => portal.Services.GetRequiredService<PlugNmeetSettingsService>();

    private static PlugNmeetSettingsForm SandboxAsServer(PortalFactory portal, string secret) => new()
    {
        UseSandbox = false, ServerUrl = portal.BaseUrl + "/sandbox", ClientUrl = "http://localhost/sandbox/join",
        ApiKey = portal.Connection.SandboxApiKey, NewSecret = secret, TimeoutSeconds = 20,
    };

    [Fact]
    public async Task A_saved_server_is_sealed_applied_audited_without_the_secret_and_never_rendered()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var form = SandboxAsServer(portal, Secret);
        Assert.Empty(await Settings(portal).SaveAsync(await portal.ActorAsync(), form));
        Assert.Equal("", form.NewSecret); // the field is cleared after a save

        Assert.False(portal.Connection.UsesSandbox);
        Assert.Equal((Secret, 20), (portal.Connection.ApiSecret, (int)portal.Connection.Timeout.TotalSeconds));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var row = await db.PlugNmeetServerSettings.SingleAsync();
            Assert.DoesNotContain(Secret, row.SealedSecret);
            Assert.Equal(PortalFactory.AdminEmail, row.ChangedBy);
            var audit = await db.AuditEntries.SingleAsync(e => e.Kind == AuditKinds.PlugNmeetSettingsChanged);
            Assert.Equal($"plugNmeet connection: switched from the sandbox to a plugNmeet server; server URL (none) → \"{portal.BaseUrl}/sandbox\"; " +
                $"client URL (none) → \"http://localhost/sandbox/join\"; API key (none) → \"{portal.Connection.SandboxApiKey}\"; secret replaced; timeout 15 s → 20 s",
                audit.Detail);
        }

        using var http = new PortalHttp(portal);
        await http.SignInAsync();
        var page = await (await http.GetAsync("settings/plugnmeet")).Content.ReadAsStringAsync();
        Assert.Contains("Set, changed ", page);
        Assert.Contains(portal.Connection.SandboxApiKey, page);
        Assert.DoesNotContain(Secret, page);
        Assert.DoesNotContain(portal.Connection.SandboxApiSecret, page);
        Assert.DoesNotContain(portal.Logs.Lines, line => line.Contains(Secret));

        // Keeping the stored secret: saving without typing one leaves it as it was.
        Assert.Empty(await Settings(portal).SaveAsync(await portal.ActorAsync(), SandboxAsServer(portal, "")));
        Assert.Equal(Secret, portal.Connection.ApiSecret);
    }

    [Fact]
    public async Task The_sandbox_api_keeps_its_own_credentials_whatever_server_the_portal_uses()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var sandboxKey = portal.Connection.SandboxApiKey;
        var form = SandboxAsServer(portal, "a-wrong-secret-for-the-sandbox");
        Assert.Empty(await Settings(portal).SaveAsync(await portal.ActorAsync(), form));

        var failure = await Assert.ThrowsAsync<PlugNmeetException>(() => portal.Services.GetRequiredService<PlugNmeetClient>().IsRoomActiveAsync("room-1"));
        Assert.Equal(PlugNmeetFailure.Unauthorized, failure.Failure); // the sandbox refuses the wrong secret the portal now signs with
        Assert.True((await Settings(portal).TestAsync(await portal.ActorAsync(), new PlugNmeetSettingsForm { UseSandbox = true })).Ok);
        Assert.Equal(sandboxKey, portal.Connection.SandboxApiKey);

        Assert.Empty(await Settings(portal).SaveAsync(await portal.ActorAsync(), new PlugNmeetSettingsForm { UseSandbox = true, TimeoutSeconds = 15 }));
        Assert.True(portal.Connection.UsesSandbox);
        Assert.False(await portal.Services.GetRequiredService<PlugNmeetClient>().IsRoomActiveAsync("room-1"));
    }

    [Fact]
    public async Task The_timeout_in_force_applies_to_each_call_without_a_restart()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = async context => await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var form = new PlugNmeetSettingsForm { UseSandbox = false, ServerUrl = upstream.Url, ClientUrl = "https://meet.example.com", ApiKey = "k", NewSecret = "s", TimeoutSeconds = 1 };
        Assert.Empty(await Settings(portal).SaveAsync(await portal.ActorAsync(), form));

        var failure = await Assert.ThrowsAsync<PlugNmeetException>(() => portal.Services.GetRequiredService<PlugNmeetClient>().IsRoomActiveAsync("room-1"));
        Assert.Equal(PlugNmeetFailure.Timeout, failure.Failure);
        Assert.Contains("did not answer within 1 seconds", failure.Message);
    }

    [Fact]
    public async Task Configured_fields_win_and_a_key_and_secret_without_a_configured_server_stay_the_sandbox_s()
    {
        await using var portal = new PortalFactory
        {
            Settings = { ["PlugNmeet:TimeoutSeconds"] = "9", ["PlugNmeet:ApiKey"] = "sandbox-own-key", ["PlugNmeet:ApiSecret"] = "sandbox-own-secret-1234" },
        };
        await portal.CreateAdministratorAsync();
        Assert.Equal("sandbox-own-key", portal.Connection.SandboxApiKey);
        var form = SandboxAsServer(portal, Secret);
        form.ApiKey = "typed-server-key";
        form.TimeoutSeconds = 30;
        Assert.Empty(await Settings(portal).SaveAsync(await portal.ActorAsync(), form));
        // The real server gets what the Administrator typed, not the sandbox's configured key and secret.
        Assert.Equal(("typed-server-key", Secret, 9), (portal.Connection.ApiKey, portal.Connection.ApiSecret, (int)portal.Connection.Timeout.TotalSeconds));

        var view = await Settings(portal).GetAsync(await portal.ActorAsync());
        Assert.Equal((false, false, true, false), (view.Configured.ApiKey, view.Configured.ApiSecret, view.Configured.TimeoutSeconds, view.Configured.ServerUrl));
        Assert.Equal(("typed-server-key", 9), (view.Form.ApiKey, view.Form.TimeoutSeconds));
        using var http = new PortalHttp(portal);
        await http.SignInAsync();
        Assert.Contains("Set by the server&#x27;s configuration.", await (await http.GetAsync("settings/plugnmeet")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_save_on_one_instance_reaches_a_second_instance_sharing_the_database_within_seconds()
    {
        await using var first = new PortalFactory();
        await first.CreateAdministratorAsync();
        var connectionString = first.Services.GetRequiredService<IConfiguration>().GetConnectionString("DefaultConnection");
        await using var second = new PortalFactory { Settings = { ["ConnectionStrings:DefaultConnection"] = connectionString } };
        Assert.True(second.Connection.UsesSandbox);

        Assert.Empty(await Settings(first).SaveAsync(await first.ActorAsync(), SandboxAsServer(first, first.Connection.SandboxApiSecret)));

        // Waits for the second instance's refresh (every PlugNmeetSettingsService.RefreshInterval), bounded so a broken refresh fails.
        for (var waited = TimeSpan.Zero; second.Connection.UsesSandbox && waited < TimeSpan.FromSeconds(20); waited += TimeSpan.FromMilliseconds(200))
        {
            await Task.Delay(200);
        }
        Assert.False(second.Connection.UsesSandbox);
        Assert.Equal((first.BaseUrl + "/sandbox", first.Connection.SandboxApiSecret),
            (second.Connection.ServerUrl.AbsoluteUri.TrimEnd('/'), second.Connection.ApiSecret));
    }

    [Theory]
    [InlineData(StaffRoles.Moderator)]
    [InlineData(StaffRoles.Helpdesk)]
    public async Task Moderators_and_helpdesk_cannot_open_or_save_the_settings(string role)
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var email = $"{role.ToLowerInvariant()}@example.test";
        await portal.CreateStaffAsync(email, role);
        using var http = new PortalHttp(portal);
        await http.SignInAsync(email);
        var response = await http.GetAsync("settings/plugnmeet");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Test connection", await response.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
            await Settings(portal).SaveAsync(await portal.ActorAsync(email), new PlugNmeetSettingsForm { UseSandbox = true }));
    }
}
