using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Observability;

public sealed class HealthEndpointTests
{
    private static async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> GetAsync(PortalFactory portal, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await http.GetAsync(portal.BaseUrl + path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!, response);
    }

    [Fact]
    public async Task Live_and_ready_answer_anonymously_uncached_before_setup_with_names_and_statuses_only()
    {
        await using var portal = new PortalFactory(); // no account yet: "/" would redirect to setup, health must not

        var live = await GetAsync(portal, "/health/live");
        var ready = await GetAsync(portal, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("Healthy", (string?)live.Body["status"]);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("""{"status":"Healthy","checks":{"database":"Healthy","plugnmeet":"Healthy"}}""", ready.Body.ToJsonString());
        foreach (var response in new[] { live.Response, ready.Response })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, "health answers must not be cached");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Ready_turns_degraded_but_stays_200_while_plugnmeet_is_down_and_healthy_when_it_returns()
    {
        var behind = new PortalBehindStub();
        await behind.InitializeAsync();
        try
        {
            Assert.Equal("Healthy", (string?)(await GetAsync(behind.Portal, "/health/ready")).Body["status"]);

            await behind.Stub.StopAsync();
            var down = await GetAsync(behind.Portal, "/health/ready");
            Assert.Equal(HttpStatusCode.OK, down.Status);
            Assert.Equal("""{"status":"Degraded","checks":{"database":"Healthy","plugnmeet":"Degraded"}}""", down.Body.ToJsonString());
            Assert.DoesNotContain(behind.Stub.Port.ToString(), down.Body.ToJsonString());

            await behind.Stub.StartAsync();
            var back = await GetAsync(behind.Portal, "/health/ready");
            Assert.Equal(HttpStatusCode.OK, back.Status);
            Assert.Equal("Healthy", (string?)back.Body["status"]);
        }
        finally
        {
            await behind.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_file_is_no_database_while_live_still_answers()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var file = new SqliteConnectionStringBuilder(
            portal.Services.GetRequiredService<IConfiguration>().GetConnectionString("DefaultConnection")).DataSource;

        // Someone overwrote the database file (a botched restore): every connection opened from now on finds no database.
        SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(file, new string('x', 8192));
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");

        var ready = await GetAsync(portal, "/health/ready");
        var live = await GetAsync(portal, "/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", (string?)ready.Body["status"]);
        Assert.Equal("Unhealthy", (string?)ready.Body["checks"]!["database"]);
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }
}
