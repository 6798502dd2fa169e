namespace AdminPortal.Tests.TestHelpers;

/// <summary>One portal per test class, on the built-in sandbox, with a fresh database that already has the administrator.</summary>
public sealed class PortalWithAdministrator : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new();

    public Task InitializeAsync() => Portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}

/// <summary>
/// A portal configured for a "real" plugNmeet server that is really a <see cref="PlugNmeetStub"/> in front of a second portal's
/// sandbox, so a test can break the server in different ways and mend it while the portal keeps running.
/// </summary>
public sealed class PortalBehindStub : IAsyncLifetime
{
    private const string ApiKey = "stub-test-key";
    private const string ApiSecret = "stub-test-secret-0123456789abcdef";

    /// <summary>Plays the plugNmeet server: its sandbox accepts the same key and secret as the portal under test holds.</summary>
    public PortalFactory Upstream { get; } = new()
    {
        Settings = { ["PlugNmeet:ApiKey"] = ApiKey, ["PlugNmeet:ApiSecret"] = ApiSecret },
    };

    public PlugNmeetStub Stub { get; private set; } = default!;

    public PortalFactory Portal { get; private set; } = default!;

    /// <summary>Where the portal's links point: the stub's port on localhost.</summary>
    public string ClientUrl => $"http://localhost:{Stub.Port}";

    public async Task InitializeAsync()
    {
        Stub = new PlugNmeetStub(Upstream.BaseUrl + "/sandbox");
        await Stub.StartAsync();
        Portal = new PortalFactory
        {
            Settings =
            {
                ["PlugNmeet:ServerUrl"] = Stub.BaseUrl,
                ["PlugNmeet:ApiKey"] = ApiKey,
                ["PlugNmeet:ApiSecret"] = ApiSecret,
                // The client runs over http only on localhost, so 127.0.0.1 is refused as a client address at start.
                ["PlugNmeet:ClientUrl"] = ClientUrl,
            },
        };
        await Portal.CreateAdministratorAsync();
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Stub.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
