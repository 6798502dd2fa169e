using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.JsSdk;
using AdminPortal.Webhooks;

namespace AdminPortal.Tests.Webhooks;

/// <summary>
/// Issue 13's verification rules for plugNmeet webhooks (contract §11), each case with its outcome; and a token signed by a
/// second implementation (Node's crypto, as plugnmeet-protocol signs) is accepted.
/// </summary>
public sealed class WebhookVerifierTests
{
    private const string ApiKey = "plugnmeet";
    private const string ApiSecret = "zumyyYWqv7KR2kUqvYdq4z4sXg7XTBD2ljT6";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"event":"participant_joined","room":{"sid":"RM_1","room_id":"room01"},"participant":{"identity":"ann-1","name":"Ann"},"id":"9c1f","created_at":"1795636800"}""");

    private static string StandardHash(byte[] body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>The token plugNmeet sends: iss, nbf now, exp in 5 minutes, sha256 of the body.</summary>
    private static string Token(byte[] body, string secret = ApiSecret, string issuer = ApiKey, DateTimeOffset? issuedAt = null, string? hash = null)
    {
        var at = issuedAt ?? Now;
        return PlugNmeetJwt.Sign(new JsonObject
        {
            ["exp"] = at.AddMinutes(5).ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["nbf"] = at.ToUnixTimeSeconds(),
            ["sha256"] = hash ?? StandardHash(body),
        }, secret);
    }

    private static WebhookRejection Verify(string? authorization, string? hashToken = null, byte[]? body = null, DateTimeOffset? now = null) =>
        WebhookVerifier.Verify(authorization, hashToken, body ?? Body, ApiKey, ApiSecret, now ?? Now);

    [Fact]
    public void A_token_signed_as_plugNmeet_signs_it_is_accepted_in_either_header_and_with_a_bearer_prefix()
    {
        Assert.Equal(WebhookRejection.None, Verify(Token(Body)));
        Assert.Equal(WebhookRejection.None, Verify(null, Token(Body)));
        Assert.Equal(WebhookRejection.None, Verify("Bearer " + Token(Body)));
        // A proxy that replaced Authorization with its own credentials does not stop a valid Hash-Token.
        Assert.Equal(WebhookRejection.None, Verify("Basic dXNlcjpwYXNz", Token(Body)));
    }

    [Fact]
    public void No_token_at_all_is_refused()
    {
        Assert.Equal(WebhookRejection.MissingToken, Verify(null));
        Assert.Equal(WebhookRejection.MissingToken, Verify("  ", ""));
    }

    [Fact]
    public void A_wrong_secret_or_issuer_is_refused()
    {
        Assert.Equal(WebhookRejection.BadSignature, Verify(Token(Body, secret: "another-secret-of-the-same-length-xx")));
        Assert.Equal(WebhookRejection.WrongIssuer, Verify(Token(Body, issuer: "someone-else")));
    }

    [Fact]
    public void Expiry_and_not_before_allow_go_joses_one_minute_of_clock_skew_and_no_more()
    {
        var token = Token(Body);
        Assert.Equal(WebhookRejection.None, Verify(token, now: Now.AddMinutes(5) + WebhookVerifier.Leeway));
        Assert.Equal(WebhookRejection.Expired, Verify(token, now: Now.AddMinutes(5) + WebhookVerifier.Leeway + TimeSpan.FromSeconds(1)));
        Assert.Equal(WebhookRejection.None, Verify(token, now: Now - WebhookVerifier.Leeway));
        Assert.Equal(WebhookRejection.NotYetValid, Verify(token, now: Now - WebhookVerifier.Leeway - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_body_changed_by_one_byte_is_refused()
    {
        var changed = (byte[])Body.Clone();
        changed[^2] ^= 0x01;

        Assert.Equal(WebhookRejection.BodyMismatch, Verify(Token(Body), body: changed));
    }

    [Fact]
    public void The_hash_in_url_safe_base64_or_without_padding_is_refused()
    {
        // Find a body whose hash has a character that differs between the two alphabets, so the test says what it claims.
        var body = Enumerable.Range(0, 1000).Select(i => Encoding.UTF8.GetBytes($"{{\"id\":\"{i}\"}}"))
            .First(b => StandardHash(b).IndexOfAny(['+', '/']) >= 0);
        var urlSafe = StandardHash(body).Replace('+', '-').Replace('/', '_');

        Assert.Equal(WebhookRejection.BodyMismatch, Verify(Token(body, hash: urlSafe), body: body));
        Assert.Equal(WebhookRejection.BodyMismatch, Verify(Token(body, hash: StandardHash(body).TrimEnd('=')), body: body));
        Assert.Equal(WebhookRejection.None, Verify(Token(body), body: body));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJpc3MiOiJwbHVnbm1lZXQifQ.")]
    public void Garbage_and_unsigned_tokens_are_refused(string token)
    {
        Assert.NotEqual(WebhookRejection.None, Verify(token));
    }

    [Fact]
    public void A_signed_token_with_a_nonsense_expiry_is_malformed_not_timeless()
    {
        var token = PlugNmeetJwt.Sign(new JsonObject { ["exp"] = "tomorrow", ["iss"] = ApiKey, ["sha256"] = StandardHash(Body) }, ApiSecret);

        Assert.Equal(WebhookRejection.Malformed, Verify(token));
    }

    [Fact]
    public async Task A_token_signed_by_a_second_implementation_in_Node_is_accepted_and_checked_the_same_way()
    {
        var folder = JsSdkTests.FindJsSdkFolder();
        var signed = await JsSdkTests.RunNodeAsync(folder, "webhook-sign.js", Convert.ToBase64String(Body), ApiKey, ApiSecret,
            Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var token = signed["token"]!.GetValue<string>();

        Assert.Equal(WebhookRejection.None, Verify(token));
        Assert.Equal(WebhookRejection.None, Verify(null, token));
        var changed = (byte[])Body.Clone();
        changed[0] = (byte)' ';
        Assert.Equal(WebhookRejection.BodyMismatch, Verify(token, body: changed));
        Assert.Equal(WebhookRejection.Expired, Verify(token, now: Now.AddMinutes(7)));
    }
}
