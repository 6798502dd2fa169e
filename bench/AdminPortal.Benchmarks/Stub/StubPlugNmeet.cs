using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AdminPortal.Benchmarks.Stub;

/// <summary>
/// A stand-in plugNmeet server on 127.0.0.1 (contract /work/shared/plugnmeet-api.md §2, §3, §6): it checks <c>API-KEY</c> and
/// <c>HASH-SIGNATURE</c> (lowercase hex HMAC-SHA256 of the raw body) with plugNmeet's 401 replies, waits the configured latency
/// before every answer, keeps the rooms it created, and counts calls per route, so the benchmark can report upstream calls.
/// </summary>
internal sealed class StubPlugNmeet(string apiKey, string apiSecret, TimeSpan latency) : IAsyncDisposable
{
    public const string JoinToken = "room/getJoinToken";
    public const string CreateRoom = "room/create";
    public const string IsRoomActive = "room/isRoomActive";

    private static readonly TimeSpan TokenValidity = TimeSpan.FromMinutes(10);
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(apiSecret);
    private readonly ConcurrentDictionary<string, byte> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _rejected;
    private WebApplication? _app;

    public string ApiKey => apiKey;
    public string ApiSecret => apiSecret;
    public TimeSpan Latency => latency;
    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests refused for a missing or wrong key or signature.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        BaseUrl = app.Urls.First();
        _app = app;
    }

    /// <summary>Calls so far per route (e.g. <see cref="JoinToken"/>), including refused ones.</summary>
    public IReadOnlyDictionary<string, long> Calls() => new Dictionary<string, long>(_calls);

    public static long Total(IReadOnlyDictionary<string, long> calls) => calls.Values.Sum();

    /// <summary>Route → calls made between two <see cref="Calls"/> snapshots.</summary>
    public static Dictionary<string, long> Since(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));

    /// <summary>The status code and JSON reply for one request (public for the unit test of the signature check).</summary>
    public (int Status, string Json) Answer(string route, string? key, string? signature, byte[] body)
    {
        if (string.IsNullOrEmpty(key))
        {
            return Unauthorized("Missing API-KEY header.", "MISSING_REQUIRED_PARAMETER");
        }
        if (key != apiKey)
        {
            return Unauthorized("Invalid API key provided.", "INVALID_API_KEY");
        }
        if (string.IsNullOrEmpty(signature))
        {
            return Unauthorized("Missing HASH-SIGNATURE header.", "MISSING_REQUIRED_PARAMETER");
        }
        // Byte for byte against lowercase hex, as plugNmeet's subtle.ConstantTimeCompare does: uppercase hex fails.
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(_secret, body)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return Unauthorized("Failed to verify provided authentication details.", "INVALID_TOKEN_OR_SIGNATURE");
        }
        _calls.AddOrUpdate(route, 1, (_, n) => n + 1);
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Reply(false, "proto: syntax error: " + ex.Message, "INVALID_PARAMETERS");
        }
        var roomId = request?["room_id"]?.GetValue<string>();
        if (request is null || string.IsNullOrEmpty(roomId))
        {
            return Reply(false, "validation error: room_id: value is required", "INVALID_PARAMETERS");
        }
        return route switch
        {
            IsRoomActive => _rooms.ContainsKey(roomId)
                ? Reply(true, "room is active", "SUCCESS", ("is_active", true))
                : Reply(true, "room not found", "ROOM_NOT_FOUND", ("is_active", false)),
            CreateRoom => Created(roomId),
            JoinToken => Token(roomId, request["user_info"] as JsonObject),
            _ => (StatusCodes.Status404NotFound, "not found"),
        };
    }

    private (int, string) Created(string roomId)
    {
        _rooms.TryAdd(roomId, 0);
        var info = new JsonObject
        {
            ["room_title"] = roomId, ["room_id"] = roomId, ["sid"] = Guid.NewGuid().ToString(), ["joined_participants"] = "0",
            ["is_running"] = 1, ["creation_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Reply(true, "success", "SUCCESS", ("room_info", info));
    }

    private (int, string) Token(string roomId, JsonObject? user)
    {
        var name = user?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            return Reply(false, "validation error: user_info.name: value is required", "INVALID_PARAMETERS");
        }
        // §3.3 step 3: a room that was never created (or ended) is "not active", answered as ROOM_NOT_FOUND.
        if (!_rooms.ContainsKey(roomId))
        {
            return Reply(false, "room is not active", "ROOM_NOT_FOUND");
        }
        var now = DateTimeOffset.UtcNow;
        var userId = user?["user_id"]?.GetValue<string>() ?? "";
        var claims = new JsonObject
        {
            ["iss"] = apiKey, ["sub"] = userId, ["nbf"] = now.ToUnixTimeSeconds(), ["exp"] = now.Add(TokenValidity).ToUnixTimeSeconds(),
            ["name"] = name, ["user_id"] = userId, ["room_id"] = roomId,
        };
        return Reply(true, "success", "SUCCESS", ("token", Jwt(claims)));
    }

    private string Jwt(JsonObject claims)
    {
        var input = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray()) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + Base64Url(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(input)));
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private (int, string) Unauthorized(string message, string code)
    {
        Interlocked.Increment(ref _rejected);
        return (StatusCodes.Status401Unauthorized, Reply(false, message, code).Json);
    }

    // After authentication every plugNmeet handler answers HTTP 200, failures included (§2).
    private static (int Status, string Json) Reply(bool status, string message, string code, (string Key, JsonNode? Value)? extra = null)
    {
        var json = new JsonObject { ["status"] = status, ["msg"] = message, ["status_code"] = code };
        if (extra is { } field)
        {
            json[field.Key] = field.Value;
        }
        return (StatusCodes.Status200OK, json.ToJsonString());
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var route = path.StartsWith("/auth/", StringComparison.Ordinal) ? path["/auth/".Length..] : path;
        var (status, json) = Answer(route, context.Request.Headers["API-KEY"], context.Request.Headers["HASH-SIGNATURE"], buffer.ToArray());
        // The added latency stands for the network and plugNmeet's own work; every answer pays it, refusals included.
        await Task.Delay(latency, context.RequestAborted);
        context.Response.StatusCode = status;
        context.Response.ContentType = status == StatusCodes.Status404NotFound ? "text/plain" : "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
