using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AdminPortal.Benchmarks.Load;

/// <summary>
/// A webhook as plugNmeet sends it (contract §11), written here because the benchmark runs the published portal and does not
/// reference its assembly: a <c>CommonNotifyEvent</c> body and an HS256 token whose <c>sha256</c> claim is the standard base64
/// of SHA-256 over the exact body bytes.
/// </summary>
internal static class SignedWebhook
{
    public const string RoomId = "bench-webhooks";

    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    /// <summary><c>participant_joined</c> for participant <paramref name="n"/>, with a fresh event id so every delivery is stored.</summary>
    public static byte[] ParticipantJoined(int n, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            $$"""{"event":"participant_joined","room":{"sid":"RM_bench","room_id":"{{RoomId}}"},"participant":{"sid":"PA_{{n}}","identity":"u-{{n}}","name":"U {{n}}","joined_at":"{{seconds}}"},"id":"{{Guid.NewGuid()}}","created_at":"{{seconds}}"}""");
    }

    /// <summary>plugNmeet's token for <paramref name="body"/>: iss = the API key, valid from now for five minutes.</summary>
    public static string Token(byte[] body, string apiKey, string apiSecret, DateTimeOffset now)
    {
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["iss"] = apiKey,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
        });
        var signed = Header + "." + Base64Url.EncodeToString(claims);
        return signed + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>The POST plugNmeet makes: the token in both <c>Authorization</c> and <c>Hash-Token</c>.</summary>
    public static HttpRequestMessage Request(int n, string apiKey, string apiSecret)
    {
        var now = DateTimeOffset.UtcNow;
        var body = ParticipantJoined(n, now);
        var token = Token(body, apiKey, apiSecret, now);
        var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/plugnmeet") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/webhook+json");
        request.Headers.TryAddWithoutValidation("Authorization", token);
        request.Headers.TryAddWithoutValidation("Hash-Token", token);
        return request;
    }
}
