using System.Net;
using System.Net.Sockets;
using AdminPortal.PlugNmeet;
using AdminPortal.Hosting;
using AdminPortal.PlugNmeet.Settings;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.PlugNmeet.Settings;

/// <summary>Test connection with typed values, against the real sandbox and misbehaving servers: each failure kind in words.</summary>
public sealed class PlugNmeetTestConnectionTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private PlugNmeetSettingsService Settings => fixture.Portal.Services.GetRequiredService<PlugNmeetSettingsService>();

    private static readonly StaffActor Admin = new("admin-id", PortalFactory.AdminEmail, "Admin", StaffRoles.Administrator, "127.0.0.1");

    private PlugNmeetSettingsForm Server(string url, string? secret = null, string? key = null, int timeout = 15) => new()
    {
        UseSandbox = false, ServerUrl = url, ClientUrl = "https://meet.example.com", ApiKey = key ?? fixture.Portal.Connection.SandboxApiKey,
        NewSecret = secret ?? fixture.Portal.Connection.SandboxApiSecret, TimeoutSeconds = timeout,
    };

    [Fact]
    public async Task The_sandbox_s_own_address_with_its_secret_answers_with_the_time_it_took()
    {
        var result = await Settings.TestAsync(Admin, Server(fixture.Portal.BaseUrl + "/sandbox"));
        Assert.True(result.Ok, result.Message);
        Assert.NotNull(result.Milliseconds);
        Assert.Matches(@"^Connection OK: The plugNmeet server at 127\.0\.0\.1:\d+ accepted the key and secret and answered in \d+ ms\.$", result.Message);
    }

    [Fact]
    public async Task The_built_in_sandbox_itself_passes()
    {
        Assert.True((await Settings.TestAsync(Admin, new PlugNmeetSettingsForm { UseSandbox = true })).Ok);
    }

    [Fact]
    public async Task A_wrong_secret_is_named_as_such()
    {
        var result = await Settings.TestAsync(Admin, Server(fixture.Portal.BaseUrl + "/sandbox", secret: "wrong-secret-typed-by-someone"));
        Assert.Equal(PlugNmeetFailure.Unauthorized, result.Failure);
        Assert.Matches(@"^Wrong API key or secret: The plugNmeet server rejected the API key or signature \(Failed to verify provided authentication details\)\. \(answered in \d+ ms\)$", result.Message);
        Assert.NotNull(result.Milliseconds);
        Assert.DoesNotContain(fixture.Portal.Logs.Lines, line => line.Contains("wrong-secret-typed-by-someone"));
    }

    [Fact]
    public async Task A_wrong_key_is_named_as_such()
    {
        var result = await Settings.TestAsync(Admin, Server(fixture.Portal.BaseUrl + "/sandbox", key: "not-the-key"));
        Assert.Equal(PlugNmeetFailure.Unauthorized, result.Failure);
        Assert.StartsWith("Wrong API key or secret: ", result.Message);
    }

    [Fact]
    public async Task An_address_without_a_plugNmeet_API_is_named_as_such()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = context => { context.Response.StatusCode = StatusCodes.Status404NotFound; return Task.CompletedTask; };
        var result = await Settings.TestAsync(Admin, Server(upstream.Url));
        Assert.Equal(PlugNmeetFailure.NotFound, result.Failure);
        Assert.StartsWith("No plugNmeet API at this URL: ", result.Message);
        Assert.Matches(@"\(answered in \d+ ms\)$", result.Message);
        Assert.NotNull(result.Milliseconds);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = await Settings.TestAsync(Admin, Server($"http://127.0.0.1:{port}"));
        Assert.Equal(PlugNmeetFailure.Unreachable, result.Failure);
        Assert.StartsWith("Server unreachable: The plugNmeet server at 127.0.0.1:", result.Message);
        Assert.Null(result.Milliseconds); // nothing answered
    }

    [Fact]
    public async Task A_web_page_instead_of_the_API_is_not_JSON()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var result = await Settings.TestAsync(Admin, Server(upstream.Url));
        Assert.Equal(PlugNmeetFailure.MalformedReply, result.Failure);
        Assert.StartsWith("Not a plugNmeet answer (not JSON): ", result.Message);
        Assert.Matches(@"\(answered in \d+ ms\)$", result.Message);
    }

    [Fact]
    public async Task A_failing_server_is_a_server_error()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = context => { context.Response.StatusCode = StatusCodes.Status502BadGateway; return Task.CompletedTask; };
        var result = await Settings.TestAsync(Admin, Server(upstream.Url));
        Assert.Equal(PlugNmeetFailure.ServerError, result.Failure);
        Assert.StartsWith("Server error: ", result.Message);
    }

    [Fact]
    public async Task A_server_slower_than_the_typed_timeout_times_out()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = async context => await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        var result = await Settings.TestAsync(Admin, Server(upstream.Url, timeout: 1));
        Assert.Equal(PlugNmeetFailure.Timeout, result.Failure);
        Assert.Contains("did not answer within 1 seconds", result.Message);
    }

    [Fact]
    public async Task Typed_values_that_break_the_rules_are_not_sent()
    {
        var result = await Settings.TestAsync(Admin, Server("ftp://example.com"));
        Assert.False(result.Ok);
        Assert.Null(result.Failure);
        Assert.StartsWith("Not tested: The server URL must be", result.Message);
    }

    [Fact]
    public async Task A_tested_secret_is_not_hidden_in_logs_until_it_is_saved()
    {
        const string typo = "tested-but-never-saved-secret";
        await Settings.TestAsync(Admin, Server(fixture.Portal.BaseUrl + "/sandbox", secret: typo));
        var redaction = fixture.Portal.Services.GetRequiredService<LogRedaction>();
        Assert.Equal("line with " + typo, redaction.Redact("line with " + typo));
    }

    [Theory]
    [InlineData(StaffRoles.Moderator)]
    [InlineData(StaffRoles.Helpdesk)]
    public async Task Only_administrators_may_read_check_or_test_the_connection(string role)
    {
        var actor = Admin with { Role = role };
        var form = Server(fixture.Portal.BaseUrl + "/sandbox");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Settings.GetAsync(actor));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Settings.CheckAsync(actor, form));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Settings.TestAsync(actor, form));
    }
}
