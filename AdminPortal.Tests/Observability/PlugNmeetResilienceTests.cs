using System.Net;
using System.Net.Sockets;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Observability;

/// <summary>The resilience policy as the portal registers it (<c>AddPlugNmeet</c>), over a recording handler instead of the network.</summary>
public sealed class PlugNmeetResilienceTests
{
    private const string Active = """{"status":true,"msg":"room is active","status_code":"SUCCESS","is_active":true}""";
    private static readonly GenerateTokenRequest TokenRequest = new("room01", new UserInfo("Alice", "u1", false, false, null));

    private static ServiceProvider Services(StubHandler handler)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PlugNmeet:ServerUrl"] = "http://plugnmeet.test",
                ["PlugNmeet:ApiKey"] = PlugNmeetClients.ApiKey,
                ["PlugNmeet:ApiSecret"] = PlugNmeetClients.ApiSecret,
                ["PlugNmeet:ClientUrl"] = "https://plugnmeet.test",
            }).Build());
        services.AddPlugNmeet();
        services.AddSingleton(PlugNmeetClients.Connection());
        services.AddHttpClient<PlugNmeetClient>().ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    private static HttpResponseMessage Refused() =>
        throw new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));

    [Theory]
    [InlineData(0)]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task IsRoomActive_is_retried_once_after_a_refused_connection_or_a_gateway_error_and_resends_the_same_signed_bytes(int firstStatus)
    {
        var calls = 0;
        var handler = new StubHandler((_, _) => Interlocked.Increment(ref calls) == 1
            ? firstStatus == 0 ? Refused() : StubHandler.Json("<html>bad gateway</html>", (HttpStatusCode)firstStatus)
            : StubHandler.Json(Active));
        await using var services = Services(handler);

        Assert.True(await services.GetRequiredService<PlugNmeetClient>().IsRoomActiveAsync("room01"));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.NotEmpty(handler.Requests[1].Body);
        Assert.Equal(PlugNmeetSignature.Compute(handler.Requests[1].Body, PlugNmeetClients.ApiSecret),
            handler.Requests[1].Request.Headers.GetValues("HASH-SIGNATURE").Single());
    }

    [Fact]
    public async Task Create_is_retried_once_but_not_twice()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("busy", HttpStatusCode.ServiceUnavailable));
        await using var services = Services(handler);

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => services.GetRequiredService<PlugNmeetClient>().CreateRoomAsync("room01", "Room"));

        Assert.Equal(PlugNmeetFailure.ServerError, ex.Failure);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(503)]
    public async Task GetJoinToken_is_never_retried(int status)
    {
        var handler = new StubHandler((_, _) => status == 0 ? Refused() : StubHandler.Json("busy", (HttpStatusCode)status));
        await using var services = Services(handler);

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => services.GetRequiredService<PlugNmeetClient>().GetJoinTokenAsync(TokenRequest));

        Assert.Equal(status == 0 ? PlugNmeetFailure.Unreachable : PlugNmeetFailure.ServerError, ex.Failure);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_refusal_or_a_401_is_not_retried()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("""{"status":false,"msg":"nope","status_code":"INVALID"}""", HttpStatusCode.Unauthorized));
        await using var services = Services(handler);

        await Assert.ThrowsAsync<PlugNmeetException>(() => services.GetRequiredService<PlugNmeetClient>().IsRoomActiveAsync("room01"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task After_repeated_outages_the_circuit_opens_and_calls_fail_fast_without_reaching_plugnmeet()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("down", HttpStatusCode.ServiceUnavailable));
        await using var services = Services(handler);
        var client = services.GetRequiredService<PlugNmeetClient>();

        while (handler.Requests.Count < PlugNmeetResilience.BreakAfterFailures)
        {
            await Assert.ThrowsAsync<PlugNmeetException>(() => client.IsRoomActiveAsync("room01"));
        }
        var sent = handler.Requests.Count;
        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(sent, handler.Requests.Count);
        Assert.Equal(PlugNmeetFailure.Unreachable, ex.Failure);
        Assert.Contains("failed several times in a row", ex.Message);
    }
}
