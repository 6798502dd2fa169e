using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.JsSdk;

/// <summary>
/// The official plugNmeet JS SDK (npm <c>plugnmeet-sdk-js@1.4.1</c>, run by <c>sdk-check.js</c> under Node) against the
/// portal's built-in sandbox on real Kestrel: proves the sandbox speaks the wire contract a real client uses
/// (chunked bodies, the SDK's header spelling, UTF-8 names, HS256 join tokens, 401 on a bad signature).
/// </summary>
public sealed class JsSdkTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Official_js_sdk_round_trip_against_the_sandbox()
    {
        var folder = InstalledSdkFolder();

        await using var portal = new PortalFactory();
        var serverUrl = portal.BaseUrl + PlugNmeetConnection.SandboxPath;
        var apiKey = portal.Connection.ApiKey;
        var apiSecret = portal.Connection.ApiSecret;
        var requestsBefore = portal.Sandbox.RequestCount;

        var result = await RunNodeAsync(folder, "sdk-check.js", serverUrl, apiKey, apiSecret);

        Assert.Equal("1.4.1", (string?)result["sdk"]);
        var roomId = (string)result["room_id"]!;
        var userName = (string)result["user"]!["name"]!;
        var userId = (string)result["user"]!["user_id"]!;
        Assert.Equal("Zoë Ångström", userName);

        // createRoom
        var create = result["create"]!;
        Assert.True((bool?)create["status"], create.ToJsonString());
        Assert.Equal("success", (string?)create["msg"]);
        Assert.Equal(roomId, (string?)create["room_info"]?["room_id"]);
        Assert.False(string.IsNullOrEmpty((string?)create["room_info"]?["sid"]), create.ToJsonString());

        // isRoomActive while it runs
        var activeBefore = result["is_active_before"]!;
        Assert.True((bool?)activeBefore["status"], activeBefore.ToJsonString());
        Assert.True((bool?)activeBefore["is_active"], activeBefore.ToJsonString());

        // getJoinToken: a real HS256 JWT signed with the API secret, carrying the UTF-8 name intact
        var join = result["join"]!;
        Assert.True((bool?)join["status"], join.ToJsonString());
        Assert.Equal("success", (string?)join["msg"]);
        var claims = VerifyHs256((string)join["token"]!, apiSecret);
        Assert.Equal(userName, (string?)claims["name"]);
        Assert.Equal(userId, (string?)claims["user_id"]);
        Assert.Equal(roomId, (string?)claims["room_id"]);
        Assert.True((bool?)claims["is_admin"]);
        Assert.Equal(apiKey, (string?)claims["iss"]);
        Assert.Equal(userId, (string?)claims["sub"]);
        Assert.Equal(600, (long)claims["exp"]! - (long)claims["nbf"]!);
        Assert.Equal(portal.Clock.GetUtcNow().ToUnixTimeSeconds(), (long)claims["nbf"]!);

        // getActiveRoomsInfo lists the room
        var activeRooms = result["active_rooms"]!;
        Assert.True((bool?)activeRooms["status"], activeRooms.ToJsonString());
        Assert.Contains(roomId, activeRooms["rooms"]!.AsArray().Select(r => (string?)r?["room_info"]?["room_id"]));

        // a wrong secret fails the signature check; SDK 1.4.1 keeps only status, msg and token (no status_code)
        var wrong = result["wrong_secret"]!;
        Assert.False((bool?)wrong["status"], wrong.ToJsonString());
        Assert.Equal("Failed to verify provided authentication details.", (string?)wrong["msg"]);
        Assert.Null(wrong["token"]);
        Assert.False(wrong.AsObject().ContainsKey("status_code"), wrong.ToJsonString());

        // endRoom, then the room is no longer active and no token is issued for it
        var end = result["end"]!;
        Assert.True((bool?)end["status"], end.ToJsonString());
        Assert.Equal("success", (string?)end["msg"]);
        var activeAfter = result["is_active_after"]!;
        Assert.True((bool?)activeAfter["status"], activeAfter.ToJsonString());
        Assert.False((bool?)activeAfter["is_active"], activeAfter.ToJsonString());
        Assert.Equal("room is not active", (string?)activeAfter["msg"]);
        var joinAfterEnd = result["join_after_end"]!;
        Assert.False((bool?)joinAfterEnd["status"], joinAfterEnd.ToJsonString());
        Assert.Equal("room is not active", (string?)joinAfterEnd["msg"]);
        Assert.True(portal.Sandbox.FindRoom(roomId)?.Ended);
        Assert.Null(portal.Sandbox.FindParticipant(roomId, userId)); // ending a room drops its participants

        // every SDK call really reached the sandbox
        var calls = (int)result["calls"]!;
        Assert.Equal(8, calls);
        Assert.Equal(requestsBefore + calls, portal.Sandbox.RequestCount);
    }

    // Issue 12: with people in the room, the SDK reads the same participants the portal's client reads, and endRoom ends them.
    [Fact]
    public async Task Official_js_sdk_reads_participants_and_ends_the_room_as_the_portal_does()
    {
        var folder = InstalledSdkFolder();
        await using var portal = new PortalFactory();
        _ = portal.BaseUrl;
        var client = portal.Services.CreateScope().ServiceProvider.GetRequiredService<PlugNmeetClient>();
        const string roomId = "jssdk-people";
        await client.CreateRoomAsync(roomId, "People");
        var room = portal.Sandbox.FindRoom(roomId)!;
        var presences = new List<SandboxPresence>();
        foreach (var (userId, name, isAdmin) in new[] { ("maria-1", "María", true), ("tom-2", "Tom", false) })
        {
            await client.GetJoinTokenAsync(new GenerateTokenRequest(roomId, new UserInfo(name, userId, isAdmin, false, null)));
            presences.Add(portal.Sandbox.Join(roomId, room.Sid, userId, portal.Clock.GetUtcNow()).Presence!);
        }
        var portalView = (await client.GetActiveRoomAsync(roomId))!;

        var result = await RunNodeAsync(folder, "sdk-rooms.js", portal.BaseUrl + PlugNmeetConnection.SandboxPath,
            portal.Connection.ApiKey, portal.Connection.ApiSecret, roomId);

        var sdkRoom = result["room"]!;
        Assert.True((bool?)sdkRoom["status"], sdkRoom.ToJsonString());
        AssertSameRoom(portalView, sdkRoom["room"]!);
        var listed = result["rooms"]!["rooms"]!.AsArray().Single(r => (string?)r!["room_info"]!["room_id"] == roomId)!;
        AssertSameRoom(portalView, listed);
        Assert.Equal((true, "success"), ((bool?)result["end"]!["status"], (string?)result["end"]!["msg"]));
        Assert.Equal((false, "room is not active"), ((bool?)result["room_after_end"]!["status"], (string?)result["room_after_end"]!["msg"]));
        Assert.All(presences, p => Assert.Equal(SandboxDisconnect.RoomEnded, p.DisconnectReason));
        Assert.Empty(portal.Sandbox.Participants(roomId));
    }

    private static void AssertSameRoom(ActiveRoomWithParticipants portalView, JsonNode sdkView)
    {
        var info = sdkView["room_info"]!;
        Assert.Equal((portalView.RoomInfo!.RoomId, portalView.RoomInfo.Sid), ((string?)info["room_id"], (string?)info["sid"]));
        Assert.Equal("2", (string?)info["joined_participants"]); // protojson int64 as a string, as both clients read it
        Assert.Equal(1, (int)info["is_running"]!);
        var sdkPeople = sdkView["participants_info"]!.AsArray();
        Assert.Equal(2, sdkPeople.Count);
        foreach (var (mine, theirs) in portalView.ParticipantsInfo!.Zip(sdkPeople))
        {
            Assert.Equal((mine.Sid, mine.Identity, mine.Name, mine.State, mine.Metadata),
                ((string?)theirs!["sid"], (string?)theirs["identity"], (string?)theirs["name"], (string?)theirs["state"], (string?)theirs["metadata"]));
            Assert.Equal(mine.JoinedAt.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)theirs["joined_at"]);
        }
        Assert.Equal(["maria-1", "tom-2"], sdkPeople.Select(p => (string?)p!["identity"]));
        Assert.True((bool)JsonNode.Parse((string)sdkPeople[0]!["metadata"]!)!["is_admin"]!);
    }

    private static string InstalledSdkFolder()
    {
        var folder = FindJsSdkFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "plugnmeet-sdk-js", "package.json")))
        {
            Assert.Fail($"The plugNmeet JS SDK is not installed in {folder}. Run `npm ci --ignore-scripts` in AdminPortal.Tests/JsSdk first " +
                "(--ignore-scripts is required: the package's preinstall hook calls npx only-allow pnpm).");
        }
        return folder;
    }

    /// <summary>Checks the JWT's HS256 signature with the API secret by hand and returns its claims.</summary>
    private static JsonObject VerifyHs256(string token, string secret)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        Assert.Equal("HS256", (string?)header["alg"]);
        Assert.Equal("JWT", (string?)header["typ"]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.True(CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])), "The join token's HS256 signature does not verify with the API secret.");
        return Assert.IsType<JsonObject>(JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])));
    }

    /// <summary>
    /// The repository's AdminPortal.Tests/JsSdk folder (where npm installs node_modules), found by walking up from the
    /// test output folder; the copies of the scripts in bin have no node_modules next to them.
    /// </summary>
    internal static string FindJsSdkFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "AdminPortal.Tests", "JsSdk");
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "sdk-check.js")))
            {
                return candidate;
            }
        }
        Assert.Fail($"No AdminPortal.Tests/JsSdk folder with package.json and sdk-check.js above {AppContext.BaseDirectory}.");
        return null!;
    }

    internal static async Task<JsonObject> RunNodeAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Could not start `node` ({ex.Message}). Node.js must be on PATH for the JS SDK test.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ScriptTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {arguments[0]} did not finish within {ScriptTimeout.TotalSeconds} s. stderr: {await stderr}");
            }
            var output = await stdout;
            var errors = await stderr;
            Assert.True(process.ExitCode == 0, $"node {arguments[0]} exited with {process.ExitCode}.\nstderr: {errors}\nstdout: {output}");
            try
            {
                return Assert.IsType<JsonObject>(JsonNode.Parse(output));
            }
            catch (System.Text.Json.JsonException ex)
            {
                Assert.Fail($"node {arguments[0]} did not print one JSON object ({ex.Message}).\nstdout: {output}\nstderr: {errors}");
                throw;
            }
        }
    }
}
