using System.Buffers.Text;
using System.Text;
using System.Web;
using AdminPortal.JoinLinks;

namespace AdminPortal.Tests.JoinLinks;

public class JoinLinkBuilderTests
{
    private static readonly Uri Client = new("https://meet.example.com/");

    [Fact]
    public void Link_without_design_is_client_slash_access_token()
    {
        Assert.Equal("https://meet.example.com/?access_token=a.b.c", JoinLinkBuilder.Build(Client, "a.b.c", null));
    }

    [Fact]
    public void Client_path_is_kept_and_a_trailing_slash_is_not_doubled()
    {
        Assert.Equal("https://example.com/conference/?access_token=t", JoinLinkBuilder.Build(new Uri("https://example.com/conference/"), "t", null));
        Assert.Equal("https://example.com/conference/?access_token=t", JoinLinkBuilder.Build(new Uri("https://example.com/conference"), "t", null));
    }

    [Fact]
    public void Custom_design_with_plus_hash_and_non_ascii_round_trips_through_url_search_params_decoding()
    {
        var design = new Dictionary<string, string>
        {
            ["primary_color"] = "#004D90",
            ["custom_css_url"] = "https://cdn.example.com/a+b.css?x=1&y=ü",
            ["header_bg_color"] = "",
        };
        var json = CustomDesign.ToJson(design)!;

        var link = JoinLinkBuilder.Build(Client, "a.b.c", json);

        Assert.Contains("custom_design=%7B%22primary_color%22%3A%22%23004D90%22", link);
        Assert.Contains("%2B", link);
        Assert.DoesNotContain("+", link);
        Assert.DoesNotContain("#", link);
        // HttpUtility.ParseQueryString decodes like URLSearchParams: '+' would become a space, %2B stays '+'.
        var query = HttpUtility.ParseQueryString(new Uri(link).Query);
        Assert.Equal("a.b.c", query["access_token"]);
        var parsed = CustomDesign.Parse(query["custom_design"]);
        Assert.Equal("#004D90", parsed["primary_color"]);
        // Non-ASCII is sent as %-encoded UTF-8 (RFC 3986), the form a browser would request anyway.
        Assert.Equal("https://cdn.example.com/a+b.css?x=1&y=%C3%BC", parsed["custom_css_url"]);
        Assert.False(parsed.ContainsKey("header_bg_color"));
    }

    [Fact]
    public void Design_with_no_values_adds_nothing()
    {
        Assert.Null(CustomDesign.ToJson(new Dictionary<string, string> { ["primary_color"] = " " }));
    }

    [Fact]
    public void Expiry_is_read_from_the_token_exp_claim()
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"exp":1800000000,"name":"Zoë"}"""));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1800000000), JoinLinkBuilder.ReadExpiry($"h.{payload}.s"));
        Assert.Null(JoinLinkBuilder.ReadExpiry("not-a-jwt"));
        Assert.Null(JoinLinkBuilder.ReadExpiry("a.!!!.c"));
    }
}
