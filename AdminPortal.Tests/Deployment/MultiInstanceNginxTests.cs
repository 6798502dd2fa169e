using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Deployment;

/// <summary>
/// Issue 9, tested for real: two portal instances on one PostgreSQL behind the shipped nginx site. nginx routes by client
/// address, so tests reach a chosen instance by connecting from a loopback address that nginx hashes to it.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class MultiInstanceNginxTests(BrowserFixture browser, TwoPortalsBehindNginx fixture) : IClassFixture<TwoPortalsBehindNginx>
{
    [Fact]
    public async Task Setup_through_nginx_closes_setup_on_both_and_a_session_from_one_instance_works_on_the_other()
    {
        var byInstance = await fixture.AddressesByInstanceAsync(subnet: 10, count: 16);
        Assert.Equal(2, byInstance.Count); // nginx spreads clients over both instances
        var (setupAddress, setupInstance) = fixture.SetupBy;
        var other = byInstance.Single(pair => pair.Key != setupInstance).Value[0];

        using var elsewhere = fixture.Visitor(other);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync("setup")).StatusCode);

        using var staff = fixture.Visitor(setupAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword)).StatusCode);
        // The same browser, now routed to the other instance: the shared key ring there reads the cookie set here.
        using var moved = fixture.Visitor(other);
        moved.UseCookiesOf(staff);
        var generator = await moved.GetAsync("");
        var invites = await moved.GetAsync("invites");

        Assert.Equal(HttpStatusCode.OK, generator.StatusCode);
        Assert.Contains("Join link generator", await generator.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, invites.StatusCode);
        Assert.Contains("<title>Invites · AdminPortal</title>", await invites.Content.ReadAsStringAsync());
        Assert.Equal([setupInstance], await fixture.Nginx.UpstreamsForAsync(setupAddress, "POST /Account/Login"));
        var served = await fixture.Nginx.UpstreamsForAsync(other, "GET / ", atLeast: 1);
        Assert.All(served, instance => Assert.NotEqual(setupInstance, instance));
    }

    [Fact]
    public async Task A_browser_generates_a_link_through_nginx_and_its_circuit_reconnects_to_its_own_instance_after_nginx_restarts()
    {
        await using var context = await browser.NewContextAsync(fixture.HttpsUrl, BrowserFixture.DesktopWidth, ignoreHttpsErrors: true);
        var page = await context.NewPageAsync();
        var sockets = new List<IWebSocket>();
        page.WebSocket += (_, socket) => sockets.Add(socket);
        var generator = await GeneratorPage.SignInAsync(page);
        await generator.FillParticipantAsync("multi-instance-room", "Before Restart", "before-restart");
        Assert.StartsWith($"http://localhost:{fixture.Stub.Port}/?access_token=", await generator.GenerateLinkAsync());

        // Every connection through nginx is cut, the circuit's WebSocket too; Blazor reconnects through the new nginx.
        await fixture.Nginx.RestartAsync();
        for (var waited = 0; sockets.Count(s => s.Url.Contains("/_blazor", StringComparison.Ordinal) && !s.IsClosed) == 0 && waited < 300; waited++)
        {
            await Task.Delay(100);
        }
        await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync(new() { Timeout = 30_000 });
        await generator.DisplayName.FillAsync("After Restart");
        await generator.UserId.FillAsync("after-restart");
        var again = await generator.GenerateLinkAsync();

        Assert.StartsWith($"http://localhost:{fixture.Stub.Port}/?access_token=", again);
        // The circuit state (the first link's room, kept in the form) survived: the reconnect reached the instance holding it.
        await Expect(generator.RoomId).ToHaveValueAsync("multi-instance-room");
        Assert.True(sockets.Count(s => s.Url.Contains("/_blazor", StringComparison.Ordinal)) >= 2, "the circuit did not reconnect over a new WebSocket");
        var negotiations = await fixture.Nginx.UpstreamsForAsync("127.0.0.1", "POST /_blazor/negotiate", atLeast: 2);
        Assert.True(negotiations.Count >= 2, $"expected a reconnect negotiation, saw {negotiations.Count}");
        Assert.Single(negotiations.Distinct());
    }

    [Fact]
    public async Task Two_hundred_concurrent_joins_of_a_one_use_invite_spread_over_both_instances_give_exactly_one_token()
    {
        var creator = fixture.Instances[0];
        var invite = await TestInvites.CreateAsync(creator, "one-use-across-instances", maxUses: 1);
        var path = new Uri(invite.Url!).AbsolutePath.TrimStart('/');
        var visitors = Enumerable.Range(1, 200).Select(i => fixture.Visitor($"127.0.20.{i}")).ToList();
        try
        {
            // Every visitor loads the landing page first (its own antiforgery token and nonce), then all press Join at once.
            var forms = await Task.WhenAll(visitors.Select(v => v.FormFromPageAsync(path)));
            using var start = new ManualResetEventSlim();
            var joins = visitors.Select((v, i) => Task.Run(async () =>
            {
                start.Wait();
                return (await v.PostFormAsync(path, forms[i])).StatusCode;
            })).ToList();
            start.Set();
            var statuses = await Task.WhenAll(joins);

            Assert.Single(statuses, s => s == HttpStatusCode.SeeOther);
            Assert.All(statuses.Where(s => s != HttpStatusCode.SeeOther), s => Assert.Contains(s, new[] { HttpStatusCode.Gone, HttpStatusCode.ServiceUnavailable }));
            var instances = new HashSet<string>();
            foreach (var address in Enumerable.Range(1, 200).Select(i => $"127.0.20.{i}"))
            {
                instances.UnionWith(await fixture.Nginx.UpstreamsForAsync(address, "POST /j/"));
            }
            Assert.Equal(2, instances.Count);
            await using var scope = creator.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            Assert.Equal(1, (await db.Invites.SingleAsync(i => i.Id == invite.Invite!.Id)).Uses);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed && e.RoomId == "one-use-across-instances" && e.TokenSha256 != null));
        }
        finally
        {
            visitors.ForEach(v => v.Dispose());
        }
    }

    [Fact]
    public async Task The_invite_rate_limit_holds_per_real_client_through_nginx_and_is_not_multiplied_by_the_instances()
    {
        var byInstance = await fixture.AddressesByInstanceAsync(subnet: 30, count: 16);
        var (instance, addresses) = byInstance.First();
        var otherInstance = fixture.InstanceAt(byInstance.Keys.Single(k => k != instance));
        using var client = fixture.Visitor(addresses[0]);
        using var neighbour = fixture.Visitor(addresses[1]);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < TwoPortalsBehindNginx.OpensPerMinute + 1; i++)
        {
            answers.Add((await client.GetAsync("j/no-such-invite-code")).StatusCode);
        }
        // The same client reaching the other instance (as it would if nginx moved it there), forwarded by a trusted proxy.
        using var direct = new ClientAt(otherInstance.BaseUrl, "127.0.0.1", new Dictionary<string, string> { ["X-Forwarded-For"] = addresses[0] });
        var onOtherInstance = await direct.GetAsync("j/no-such-invite-code");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, TwoPortalsBehindNginx.OpensPerMinute), HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, onOtherInstance.StatusCode);
        // Another visitor behind the same nginx, on the same instance, has a budget of its own.
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync("j/no-such-invite-code")).StatusCode);
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Detail" = 'rewritten'""")]
    [InlineData("""DELETE FROM "AuditEntries" """)]
    public async Task The_audit_trail_both_instances_write_refuses_changes(string statement)
    {
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""SELECT count(*) FROM "AuditEntries" """, connection);
        var before = (long)(await count.ExecuteScalarAsync())!;
        Assert.True(before > 0, "setup and sign-in are audited");

        await using var change = new NpgsqlCommand(statement, connection);
        await Assert.ThrowsAsync<PostgresException>(() => change.ExecuteNonQueryAsync());

        Assert.True((long)(await count.ExecuteScalarAsync())! >= before);
    }

    [Fact]
    public async Task Readiness_through_nginx_turns_degraded_while_plugnmeet_is_down_and_healthy_when_it_returns()
    {
        var byInstance = await fixture.AddressesByInstanceAsync(subnet: 40, count: 16);
        var probes = byInstance.Values.Select(addresses => fixture.Visitor(addresses[0])).ToList();
        try
        {
            Assert.All(await Task.WhenAll(probes.Select(ReadinessAsync)), body => Assert.Contains("\"status\":\"Healthy\"", body));

            await fixture.Stub.StopAsync();
            foreach (var probe in probes)
            {
                Assert.Contains("\"plugnmeet\":\"Degraded\"", await ReadinessUntilAsync(probe, "\"plugnmeet\":\"Degraded\""));
            }

            await fixture.Stub.StartAsync();
            foreach (var probe in probes)
            {
                Assert.Contains("\"status\":\"Healthy\"", await ReadinessUntilAsync(probe, "\"status\":\"Healthy\""));
            }
        }
        finally
        {
            await fixture.Stub.StartAsync();
            probes.ForEach(p => p.Dispose());
        }
    }

    private static async Task<string> ReadinessAsync(ClientAt probe)
    {
        var response = await probe.GetAsync("health/ready");
        // Degraded still answers 200, so the balancer keeps the instance.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A refused call may be retried once, and the circuit breaker stays open up to ten seconds after plugNmeet returns: ask until it says so.</summary>
    private static async Task<string> ReadinessUntilAsync(ClientAt probe, string expected)
    {
        var body = "";
        for (var attempt = 0; attempt < 60 && !body.Contains(expected, StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(500);
            }
            body = await ReadinessAsync(probe);
        }
        return body;
    }
}
