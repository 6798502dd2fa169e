using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>
/// plugNmeet validates <c>profile_pic</c> with protovalidate's <c>string.uri</c> (plugnmeet-protocol
/// <c>proto_files/plugnmeet_gen_token.proto</c> line 36; the same rule on <c>webhook_url</c>/<c>logout_url</c> in
/// <c>plugnmeet_create_room.proto</c> lines 36 and 38). The rule is RFC 3986 <c>URI</c> as parsed by
/// bufbuild/protovalidate-go <c>internal/rules/uri.go</c> (<c>uri()</c>, <c>host()</c>, <c>pctEncoded()</c>, <c>ipLiteral()</c>).
/// </summary>
public sealed class StrictUriTests
{
    [Theory]
    [InlineData("https://example.com/a.png")]
    [InlineData("https://example.com")]
    [InlineData("https://example.com:8443/p/a.png?size=64&x=y#frag")]
    [InlineData("https://user:pw@example.com/a.png")]
    [InlineData("https://[2001:db8::1]/a.png")] // uri.go ipLiteral(): brackets only around an IPv6 address
    [InlineData("https://[fe80::1%25eth0]/a.png")] // RFC 6874 zone id, uri.go ipv6addrz()
    [InlineData("https://xn--bcher-kva.example/a.png")]
    [InlineData("https://example.com/zo%C3%AB.png")]
    [InlineData("https://example.com/a%7Cb.png")]
    [InlineData("https://example.com/a.png?q=1?2/3")] // query = *( pchar / "/" / "?" )
    [InlineData("https://%C3%BC.example/a.png")] // uri.go checkHostPctEncoded(): %-encoded host bytes that are UTF-8
    [InlineData("mailto:someone@example.com")] // path-rootless
    public void Accepts_what_protovalidate_accepts(string value) => Assert.True(StrictUri.IsValid(value), value);

    [Theory]
    [InlineData("https://example.com/a|b.png")] // '|' is not a pchar
    [InlineData("https://example.com/a^b.png")]
    [InlineData("https://example.com/a`b.png")]
    [InlineData("https://example.com/100%.png")] // uri.go pctEncoded(): '%' needs two hex digits
    [InlineData("https://example.com/%zz.png")]
    [InlineData("https://example.com/zoë.png")] // ASCII only: uri.go works on bytes, alpha()/digit() are ASCII
    [InlineData("https://bücher.example/a.png")]
    [InlineData("https://example.com/a[1].png")] // brackets outside an IP literal
    [InlineData("https://[example.com]/a.png")]
    [InlineData("https://[::ffff:192.0.2.1]/a.png")] // uri.go ipv6Address() consumes only HEXDIG and ":", so the dotted IPv4 tail fails
    [InlineData("https://example.com/a.png#one#two")] // fragment() stops only at the end: a second '#' is no pchar
    [InlineData("https://example.com:80a/a.png")] // port = *DIGIT
    [InlineData("https://%FF.example/a.png")] // host bytes must decode to UTF-8
    [InlineData("https://exa mple.com/")]
    [InlineData("example.com/a.png")] // no scheme: a relative reference, not a URI
    [InlineData("")] // an explicit "" counts as set and fails (contract §3.1)
    public void Refuses_what_protovalidate_refuses(string value) => Assert.False(StrictUri.IsValid(value), value);

    [Theory]
    [InlineData("https://bücher.example/a.png", "https://xn--bcher-kva.example/a.png")]
    [InlineData("https://example.com/zoë.png", "https://example.com/zo%C3%AB.png")]
    [InlineData("https://example.com/bild.png?name=Jürgen#Überblick", "https://example.com/bild.png?name=J%C3%BCrgen#%C3%9Cberblick")]
    [InlineData("https://bücher.example:8443/ä", "https://xn--bcher-kva.example:8443/%C3%A4")]
    [InlineData("https://example.com/😀.png", "https://example.com/%F0%9F%98%80.png")]
    [InlineData("https://example.com/a.png", "https://example.com/a.png")]
    public void Normalises_non_ascii_to_what_plugnmeet_accepts(string typed, string sent)
    {
        var result = StrictUri.Normalize(typed);

        Assert.Equal(sent, result.Value);
        Assert.Null(result.Problem);
        Assert.True(StrictUri.IsValid(result.Value!));
    }

    [Theory]
    [InlineData("https://example.com/a|b.png", "write it as %7C")]
    [InlineData("https://example.com/a^b.png", "write it as %5E")]
    [InlineData("https://example.com/a`b.png", "write it as %60")]
    [InlineData("https://example.com/100%.png", "write a literal % as %25")]
    [InlineData("https://example.com/a[1].png", "only allowed around an IPv6 address")]
    [InlineData("https://example.com/a.png#one#two", "only one #")]
    public void Says_what_to_change_when_it_cannot_normalise(string typed, string hint)
    {
        var result = StrictUri.Normalize(typed);

        Assert.Null(result.Value);
        Assert.Contains(hint, result.Problem);
    }

    [Theory]
    [InlineData("https://example.com/a|b.png", "%7C")]
    [InlineData("https://example.com/100%.png", "%25")]
    [InlineData("https://example.com/zoë.png", null)]
    [InlineData("https://bücher.example/a.png", null)]
    [InlineData("https://example.com/a(1).png", "contains \"(\", which is not allowed")] // CSS-breaking, kept from before
    [InlineData("https://example.com/a;b.png", "contains \";\"")]
    [InlineData("https://example.com/a b.png", "contains a space")]
    [InlineData("http://example.com/a.png", "https://")]
    public void The_form_rule_normalises_or_refuses_with_the_change_to_make(string typed, string? hint)
    {
        var message = JoinLinkRules.HttpsUrl(typed);

        if (hint is null)
        {
            Assert.Null(message);
            Assert.True(StrictUri.IsValid(JoinLinkRules.NormalizedUrl(typed)!));
        }
        else
        {
            Assert.Contains(hint, message);
            Assert.Null(JoinLinkRules.NormalizedUrl(typed));
        }
    }

    [Fact]
    public void Addresses_longer_than_2048_characters_are_refused_with_the_count()
    {
        var url = "https://example.com/" + new string('a', 2100);

        Assert.Equal($"The address must be at most 2048 characters (you have {url.Length}).", JoinLinkRules.HttpsUrl(url));
    }

    [Fact]
    public void The_avatar_is_sent_in_its_normalised_form()
    {
        var form = new JoinLinkForm { RoomId = "r", DisplayName = "Zoë", UserId = "zoe", AvatarUrl = " https://bücher.example/zoë.png " };

        var request = JoinLinkService.ToRequest(form, "r");

        Assert.Equal("https://xn--bcher-kva.example/zo%C3%AB.png", request.UserInfo.UserMetadata!.ProfilePic);
        Assert.Equal("Will be sent as https://xn--bcher-kva.example/zo%C3%AB.png", UrlHelper.Text(form.AvatarUrl, "hint"));
        Assert.Equal("hint", UrlHelper.Text("https://example.com/a.png", "hint"));
    }
}
