using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>
/// plugNmeet-client <c>src/components/app/helper.ts</c> lines 63-72: <c>window.location.protocol === 'http:'</c> with
/// <c>window.location.hostname !== 'localhost'</c> shows "require-ssl" and stops. Only the exact host name localhost passes.
/// </summary>
public sealed class ClientUrlTests
{
    private static IEnumerable<string> Errors(string? serverUrl, string? clientUrl) =>
        new PlugNmeetOptionsValidator().Validate(null, new PlugNmeetOptions { ServerUrl = serverUrl, ClientUrl = clientUrl, ApiKey = "k", ApiSecret = "s" }).Failures ?? [];

    [Theory]
    [InlineData("http://meet.example.com", null)]
    [InlineData("https://meet.example.com", "http://example.com/conference")]
    [InlineData("http://127.0.0.1:8080", null)]
    [InlineData("https://meet.example.com", "http://[::1]:3000")]
    [InlineData("https://meet.example.com", "http://localhost.example.com")]
    public void Http_client_addresses_other_than_localhost_are_refused_at_start(string serverUrl, string? clientUrl)
    {
        var error = Assert.Single(Errors(serverUrl, clientUrl));
        Assert.Contains("the plugNmeet client refuses to run over http unless the host is exactly localhost", error);
        Assert.Contains("PlugNmeet__ClientUrl=https://", error);
    }

    [Theory]
    [InlineData("https://meet.example.com", null)]
    [InlineData("http://127.0.0.1:8080", "https://meet.example.com/conference")]
    [InlineData("http://127.0.0.1:8080", "http://localhost:8080")]
    [InlineData("http://localhost:8080", null)]
    [InlineData(null, "http://ignored-in-sandbox.example")]
    public void Https_and_localhost_are_accepted(string? serverUrl, string? clientUrl) => Assert.Empty(Errors(serverUrl, clientUrl));

    [Theory]
    [InlineData("https://example.com/conference?lang=de", "https://example.com/conference/?lang=de&access_token=a.b.c")]
    [InlineData("https://example.com/conference/?lang=de", "https://example.com/conference/?lang=de&access_token=a.b.c")]
    [InlineData("https://example.com/?lang=de&theme=dark", "https://example.com/?lang=de&theme=dark&access_token=a.b.c")]
    [InlineData("https://example.com/conference#top", "https://example.com/conference/?access_token=a.b.c")]
    public void A_client_url_with_a_query_still_makes_a_valid_link(string clientUrl, string expected)
    {
        var link = JoinLinkBuilder.Build(new Uri(clientUrl), "a.b.c", null);

        Assert.Equal(expected, link);
        Assert.Equal("a.b.c", System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["access_token"]);
    }

    [Fact]
    public void The_connection_keeps_the_configured_query()
    {
        var connection = PlugNmeetClients.Connection("https://meet.example.com", "https://example.com/conference?lang=de");

        var link = JoinLinkBuilder.Build(connection.ClientUrl(new Uri("http://portal.test/")), "t", """{"primary_color":"#fff"}""");

        Assert.StartsWith("https://example.com/conference/?lang=de&access_token=t&custom_design=%7B", link);
    }
}
