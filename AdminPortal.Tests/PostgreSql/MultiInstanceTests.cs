using System.Net;
using AdminPortal.Invites;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AdminPortal.Tests.PostgreSql;

/// <summary>Issue 9: what several portal instances on one PostgreSQL database share, and what they cannot.</summary>
public sealed class MultiInstanceTests(PostgreSqlCluster cluster) : IClassFixture<PostgreSqlCluster>, IAsyncDisposable
{
    private readonly List<PortalFactory> _portals = [];

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await Task.WhenAll(_portals.Select(p => p.DisposeAsync().AsTask()));
        _contentRoots.ForEach(root => Directory.Delete(root, recursive: true));
    }

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

    [Fact]
    public async Task Two_instances_share_the_key_ring_in_the_database_so_a_cookie_and_a_sealed_invite_work_on_either()
    {
        var database = await cluster.CreateDatabaseAsync();
        var first = Isolated(database);
        var second = Isolated(database);
        await first.CreateAdministratorAsync();
        using var http = new PortalHttp(first);
        var signIn = await http.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        var invite = await TestInvites.CreateAsync(first, "shared-keys-room");

        // The other instance, with its own content root (no key folder in common), accepts the cookie and unseals the code.
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, second.BaseUrl + "/");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var page = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Join link generator", await page.Content.ReadAsStringAsync());

        await using var scope = second.Services.CreateAsyncScope();
        var url = await scope.ServiceProvider.GetRequiredService<InviteService>().UrlForAsync(
            await second.ActorAsync(), invite.Invite!.Id, new Uri(second.BaseUrl + "/"));
        Assert.NotNull(url);
        Assert.EndsWith(new Uri(invite.Url!).AbsolutePath, url);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""SELECT count(*) FROM "DataProtectionKeys" """, connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
        Assert.All(_contentRoots, root => Assert.False(Directory.Exists(Path.Combine(root, "Data", "keys"))));
    }

    private readonly List<string> _contentRoots = [];

    /// <summary>A portal on PostgreSQL with its own content root, so nothing on disk is shared with another instance.</summary>
    private PortalFactory Isolated(string postgreSql)
    {
        var root = Directory.CreateTempSubdirectory("adminportal-instance-").FullName;
        foreach (var settings in Directory.GetFiles(AppContext.BaseDirectory, "appsettings*.json"))
        {
            File.Copy(settings, Path.Combine(root, Path.GetFileName(settings)));
        }
        _contentRoots.Add(root);
        var portal = new IsolatedPortal(root);
        portal.Settings["Database:Provider"] = "PostgreSQL";
        portal.Settings["ConnectionStrings:DefaultConnection"] = postgreSql;
        _portals.Add(portal);
        return portal;
    }

    private sealed class IsolatedPortal(string contentRoot) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseContentRoot(contentRoot);
        }
    }
}
