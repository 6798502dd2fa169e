using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.PostgreSql;

/// <summary>Issue 9: what several portal instances on one PostgreSQL database share, and what they cannot.</summary>
public sealed class MultiInstanceTests(PostgreSqlCluster cluster) : IClassFixture<PostgreSqlCluster>, IAsyncDisposable
{
    private readonly List<PortalFactory> _portals = [];

    async ValueTask IAsyncDisposable.DisposeAsync() => await Task.WhenAll(_portals.Select(p => p.DisposeAsync().AsTask()));

    private PortalFactory Portal(string? postgreSql)
    {
        var portal = new PortalFactory();
        if (postgreSql is not null)
        {
            portal.Settings["Database:Provider"] = "PostgreSQL";
            portal.Settings["ConnectionStrings:DefaultConnection"] = postgreSql;
        }
        _portals.Add(portal);
        return portal;
    }

    [Fact]
    public async Task On_PostgreSQL_the_sandbox_says_in_the_log_and_the_banner_that_its_rooms_are_per_instance()
    {
        var portal = Portal(await cluster.CreateDatabaseAsync());
        using var http = new PortalHttp(portal);

        var page = await (await http.GetAsync("setup")).Content.ReadAsStringAsync();

        Assert.Contains("id=\"sandbox-banner\"", page);
        Assert.Contains("id=\"sandbox-per-instance\"", page);
        Assert.Contains("keeps rooms in memory per instance", page);
        Assert.Contains(portal.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(SandboxScope.PerInstanceWarning));
    }

    [Fact]
    public async Task On_SQLite_the_sandbox_banner_and_log_say_nothing_about_instances()
    {
        var portal = Portal(postgreSql: null);
        using var http = new PortalHttp(portal);

        var page = await (await http.GetAsync("setup")).Content.ReadAsStringAsync();

        Assert.Contains("id=\"sandbox-banner\"", page);
        Assert.DoesNotContain("sandbox-per-instance", page);
        Assert.DoesNotContain("per instance", page);
        Assert.DoesNotContain(portal.Logs.Lines, line => line.Contains("per instance"));
    }
}
