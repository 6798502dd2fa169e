using System.Net;
using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Deployment;

/// <summary>
/// The production shape of issue 9, for one test class: two portal instances in Production on one throwaway PostgreSQL
/// database, behind the repository's nginx site (both as its upstream servers), with plugNmeet played by a stub in front of
/// a sandbox. The first administrator is created through nginx with the setup form, as an operator would.
/// </summary>
public sealed class TwoPortalsBehindNginx : IAsyncLifetime
{
    public const string ApiKey = "multi-instance-key";
    private const string ApiSecret = "multi-instance-secret-0123456789abcdef";

    /// <summary>Opens of /j/ allowed per client address and minute, low enough for a test to reach.</summary>
    public const int OpensPerMinute = 30;

    private readonly int _httpPort = NginxSite.FreePort();
    private readonly int _httpsPort = NginxSite.FreePort();
    private NginxSite? _nginx;

    public PostgreSqlCluster PostgreSql { get; } = new();

    public string Database { get; private set; } = "";

    /// <summary>Plays the plugNmeet server behind <see cref="Stub"/>.</summary>
    public PortalFactory Upstream { get; } = new() { Settings = { ["PlugNmeet:ApiKey"] = ApiKey, ["PlugNmeet:ApiSecret"] = ApiSecret } };

    public PlugNmeetStub Stub { get; private set; } = default!;

    public IReadOnlyList<PortalFactory> Instances { get; private set; } = [];

    internal NginxSite Nginx => _nginx ?? throw new InvalidOperationException("nginx has not been started.");

    public string HttpsUrl => $"https://127.0.0.1:{_httpsPort}";

    /// <summary>The client address that ran first-run setup, and the instance (host:port) nginx sent it to.</summary>
    public (string Address, string Instance) SetupBy { get; private set; }

    public async Task InitializeAsync()
    {
        await PostgreSql.InitializeAsync();
        Database = await PostgreSql.CreateDatabaseAsync();
        Stub = new PlugNmeetStub(Upstream.BaseUrl + "/sandbox");
        await Stub.StartAsync();
        Instances = Enumerable.Range(0, 2).Select(_ => (PortalFactory)new ProductionPortal
        {
            EnvironmentName = "Production",
            Settings =
            {
                ["Database:Provider"] = "PostgreSQL",
                ["ConnectionStrings:DefaultConnection"] = Database,
                ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
                ["Invites:PublicBaseUrl"] = $"https://{PortalBehindNginx.PublicHost}:{_httpsPort}",
                ["Invites:OpensPerMinute"] = OpensPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PlugNmeet:ServerUrl"] = Stub.BaseUrl,
                ["PlugNmeet:ApiKey"] = ApiKey,
                ["PlugNmeet:ApiSecret"] = ApiSecret,
                ["PlugNmeet:ClientUrl"] = $"http://localhost:{Stub.Port}",
            },
        }).ToList();
        // Both start together on the empty database, as two services on one host would after an install.
        await Task.WhenAll(Instances.Select(instance => Task.Run(() => instance.BaseUrl)));
        _nginx = await NginxSite.StartAsync(_httpPort, _httpsPort, [.. Instances.Select(i => new Uri(i.BaseUrl).Authority)]);
        await SetUpThroughNginxAsync();
    }

    private async Task SetUpThroughNginxAsync()
    {
        const string address = "127.0.0.2";
        using var operatorBrowser = Visitor(address);
        // Either instance's code works on both: take the first instance's, whichever instance nginx picks.
        var answer = await operatorBrowser.PostFromPageAsync("setup", "setup", new Dictionary<string, string>
        {
            ["_handler"] = "setup", ["Input.SetupCode"] = Instances[0].SetupCode(), ["Input.Email"] = PortalFactory.AdminEmail,
            ["Input.DisplayName"] = "Ada Admin", ["Input.Password"] = PortalFactory.AdminPassword, ["Input.ConfirmPassword"] = PortalFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        SetupBy = (address, Assert.Single(await Nginx.UpstreamsForAsync(address, "POST /setup")));
    }

    /// <summary>A client of nginx's https side, connecting from <paramref name="localAddress"/> and naming the public host.</summary>
    internal ClientAt Visitor(string localAddress = "127.0.0.1", IReadOnlyDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Host"] = PortalBehindNginx.PublicHost };
        return new ClientAt(HttpsUrl, localAddress, all, Nginx.Certificate);
    }

    /// <summary>
    /// Client addresses (127.0.<paramref name="subnet"/>.x) grouped by the instance nginx routes them to, found by asking
    /// <c>/health/live</c> from each; nginx's hash decides, as it would for real visitors.
    /// </summary>
    internal async Task<IReadOnlyDictionary<string, List<string>>> AddressesByInstanceAsync(int subnet, int count)
    {
        var found = new Dictionary<string, List<string>>();
        foreach (var address in Enumerable.Range(1, count).Select(i => $"127.0.{subnet}.{i}"))
        {
            using var probe = Visitor(address);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("health/live")).StatusCode);
            var instance = Assert.Single(await Nginx.UpstreamsForAsync(address, "GET /health/live"));
            found.TryAdd(instance, []);
            found[instance].Add(address);
        }
        return found;
    }

    /// <summary>The instance with this host:port, as nginx names it in its log.</summary>
    public PortalFactory InstanceAt(string authority) => Instances.Single(i => new Uri(i.BaseUrl).Authority == authority);

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        await Task.WhenAll(Instances.Select(i => i.DisposeAsync().AsTask()));
        if (Stub is not null)
        {
            await Stub.DisposeAsync();
        }
        await Upstream.DisposeAsync();
        await PostgreSql.DisposeAsync();
    }
}
