using System.Net;
using System.Net.Sockets;
using System.Text;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.PlugNmeet;

public class PlugNmeetClientTests
{
    private static readonly GenerateTokenRequest TokenRequest = new("room01", new UserInfo("Alice", "u1", false, false, null));

    [Fact]
    public async Task Posts_to_auth_route_and_signs_exactly_the_bytes_it_sends()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("""{"status":true,"msg":"success","status_code":"SUCCESS","token":"a.b.c"}"""));
        var client = PlugNmeetClients.Create(handler, PlugNmeetClients.Connection("http://plugnmeet.test/base/"));

        var token = await client.GetJoinTokenAsync(TokenRequest);

        Assert.Equal("a.b.c", token);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://plugnmeet.test/base/auth/room/getJoinToken", request.RequestUri!.ToString());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(PlugNmeetClients.ApiKey, request.Headers.GetValues("API-KEY").Single());
        var signature = request.Headers.GetValues("HASH-SIGNATURE").Single();
        Assert.Equal(PlugNmeetSignature.Compute(body, PlugNmeetClients.ApiSecret), signature);
        Assert.Equal(signature.ToLowerInvariant(), signature);
        Assert.False(body.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark");
        Assert.Equal("""{"room_id":"room01","user_info":{"name":"Alice","user_id":"u1","is_admin":false,"is_hidden":false}}""", Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("http://plugnmeet.test", "http://plugnmeet.test/auth/room/isRoomActive")]
    [InlineData("http://plugnmeet.test/", "http://plugnmeet.test/auth/room/isRoomActive")]
    [InlineData("https://example.com/pnm", "https://example.com/pnm/auth/room/isRoomActive")]
    public async Task The_auth_path_is_joined_without_a_double_slash(string serverUrl, string expected)
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("""{"status":true,"msg":"room is active","status_code":"SUCCESS","is_active":true}"""));

        await PlugNmeetClients.Create(handler, PlugNmeetClients.Connection(serverUrl)).IsRoomActiveAsync("room01");

        Assert.Equal(expected, Assert.Single(handler.Requests).Request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task Http_401_says_the_key_or_signature_was_rejected()
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => StubHandler.Json(
            """{"status":false, "msg":"Failed to verify provided authentication details.", "status_code":"INVALID_TOKEN_OR_SIGNATURE"}""", HttpStatusCode.Unauthorized)));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(PlugNmeetFailure.Unauthorized, ex.Failure);
        Assert.StartsWith("The plugNmeet server rejected the API key or signature (Failed to verify provided authentication details)", ex.Message);
    }

    [Fact]
    public async Task Http_404_says_there_is_no_plugnmeet_api_at_the_url()
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("not found") }));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.IsRoomActiveAsync("room01"));

        Assert.Equal(PlugNmeetFailure.NotFound, ex.Failure);
        Assert.StartsWith("No plugNmeet API at this server URL", ex.Message);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("")]
    public async Task A_reply_that_is_not_a_plugnmeet_response_is_reported_as_such(string reply)
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(reply) }));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(PlugNmeetFailure.MalformedReply, ex.Failure);
        Assert.Contains("not a plugNmeet API response", ex.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Server_errors_from_plugnmeet_or_its_proxy_are_a_passing_fault_with_their_code(HttpStatusCode status)
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => new HttpResponseMessage(status) { Content = new StringContent("upstream down") }));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(PlugNmeetFailure.ServerError, ex.Failure);
        Assert.Contains($"HTTP {(int)status}", ex.Message);
        Assert.Contains("Try again in a minute", ex.Message);
    }

    [Fact]
    public async Task Other_unexpected_http_codes_are_not_a_plugnmeet_reply()
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("forbidden") }));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(PlugNmeetFailure.MalformedReply, ex.Failure);
        Assert.Contains("HTTP 403", ex.Message);
    }

    [Fact]
    public async Task Status_false_on_http_200_carries_plugnmeets_message_and_code()
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => StubHandler.Json(
            """{"status":false,"msg":"room is not active","status_code":"ROOM_NOT_FOUND"}""")));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(PlugNmeetFailure.Refused, ex.Failure);
        Assert.Equal("ROOM_NOT_FOUND", ex.StatusCode);
        Assert.Equal("plugNmeet refused the request: room is not active (ROOM_NOT_FOUND)", ex.Message);
    }

    [Fact]
    public async Task Success_without_a_token_is_not_taken_as_a_link()
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => StubHandler.Json("""{"status":true,"msg":"success","status_code":"SUCCESS","token":""}""")));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.GetJoinTokenAsync(TokenRequest));

        Assert.Equal(PlugNmeetFailure.MalformedReply, ex.Failure);
    }

    [Fact]
    public async Task A_slow_server_gives_a_timeout_message()
    {
        var client = PlugNmeetClients.Create(new SlowHandler(), timeout: TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.IsRoomActiveAsync("room01"));

        Assert.Equal(PlugNmeetFailure.Timeout, ex.Failure);
        Assert.Contains("did not answer within", ex.Message);
    }

    [Fact]
    public async Task A_closed_port_gives_a_connection_refused_message()
    {
        var client = PlugNmeetClients.Create(new SocketsHttpHandler(), PlugNmeetClients.Connection($"http://127.0.0.1:{ClosedPort()}"));

        var ex = await Assert.ThrowsAsync<PlugNmeetException>(() => client.IsRoomActiveAsync("room01"));

        Assert.Equal(PlugNmeetFailure.Unreachable, ex.Failure);
        Assert.Contains("refused the connection", ex.Message);
    }

    [Fact]
    public async Task Is_room_active_reads_is_active_not_status()
    {
        var client = PlugNmeetClients.Create(new StubHandler((_, _) => StubHandler.Json(
            """{"status":true,"msg":"room not found","status_code":"ROOM_NOT_FOUND","is_active":false}""")));

        Assert.False(await client.IsRoomActiveAsync("room01"));
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class SlowHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
