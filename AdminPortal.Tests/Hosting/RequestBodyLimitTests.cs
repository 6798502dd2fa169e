using System.Net.Sockets;
using System.Text;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Hosting;

/// <summary>
/// 28 MB bodies to the endpoints anonymous visitors can post to. Raw sockets, so the test sees exactly when the portal answers:
/// with a Content-Length it answers before a single body byte is sent; chunked, it stops reading long before the end.
/// </summary>
public sealed class RequestBodyLimitTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const int HugeBody = 28 * 1024 * 1024;

    private PortalFactory Portal => fixture.Portal;

    public static TheoryData<string> Paths => ["/sandbox/auth/room/create", "/j/AAAAAAAAAAAAAAAAAAAAAA", "/Account/Login"];

    [Theory]
    [MemberData(nameof(Paths))]
    public Task A_declared_huge_body_gets_413_before_it_is_sent(string path) => DeclaredHugeBodyGets413Async(Portal, path);

    [Theory]
    [MemberData(nameof(Paths))]
    public Task A_chunked_huge_body_gets_413_after_at_most_the_limit(string path) => ChunkedHugeBodyGets413Async(Portal, path);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_first_run_setup_page_refuses_a_huge_body(bool chunked)
    {
        // /setup only exists while there is no account, so this portal has none.
        await using var fresh = new PortalFactory();
        await (chunked ? ChunkedHugeBodyGets413Async(fresh, "/setup") : DeclaredHugeBodyGets413Async(fresh, "/setup"));
    }

    private static async Task DeclaredHugeBodyGets413Async(PortalFactory portal, string path)
    {
        using var client = await ConnectAsync(portal);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {HugeBody}\r\n\r\n"));

        // Not one byte of the body was sent: an answer now proves the portal did not wait to read it.
        var response = await ReadResponseHeadAsync(stream);

        Assert.StartsWith("HTTP/1.1 413", response);
    }

    private static async Task ChunkedHugeBodyGets413Async(PortalFactory portal, string path)
    {
        using var client = await ConnectAsync(portal);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nname=\r\n"));
        var chunk = Encoding.ASCII.GetBytes($"{64 * 1024:x}\r\n{new string('a', 64 * 1024)}\r\n");
        var sent = 0;
        try
        {
            // Keep sending until the portal answers and closes; a portal that read everything would take all 28 MB.
            while (sent < HugeBody && !client.Client.Poll(0, SelectMode.SelectRead))
            {
                await stream.WriteAsync(chunk);
                sent += 64 * 1024;
            }
        }
        catch (IOException)
        {
            // The portal closed the connection while we were still sending: exactly what a refused body looks like.
        }

        var response = await ReadResponseHeadAsync(stream);

        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.True(sent < HugeBody, $"the portal let the client send all {sent} bytes");
    }

    [Fact]
    public async Task A_small_sign_in_form_is_still_read()
    {
        using var http = new PortalHttp(Portal);

        var response = await http.SignInAsync();

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<TcpClient> ConnectAsync(PortalFactory portal)
    {
        var uri = new Uri(portal.BaseUrl);
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        client.ReceiveTimeout = 30_000;
        return client;
    }

    private static async Task<string> ReadResponseHeadAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return head.ToString();
    }
}
