using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Benchmarks.Load;
using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Tests.Benchmarks;

/// <summary>
/// The benchmark's stub plugNmeet server checks signatures as plugNmeet does (contract §2) and refuses a token for a room that
/// was never created (§3.3), so the benchmark measures a portal that signs correctly and follows the room-not-running path.
/// </summary>
public class BenchmarkStubTests
{
    private const string Secret = "test-secret";
    private static readonly byte[] RoomBody = Encoding.UTF8.GetBytes("""{"room_id":"room01"}""");
    private const string RoomSignature = "8770a8331e778c82ac42ecb70313bc26d703701d186fe1a445649069b789c841"; // contract §2 vector

    private static StubPlugNmeet Stub() => new("test-key", Secret, TimeSpan.Zero);

    [Fact]
    public void Accepts_the_contract_vector_and_counts_the_call()
    {
        var stub = Stub();

        var (status, json) = stub.Answer(StubPlugNmeet.IsRoomActive, "test-key", RoomSignature, RoomBody);

        Assert.Equal(200, status);
        Assert.Equal("ROOM_NOT_FOUND", JsonNode.Parse(json)!["status_code"]!.GetValue<string>());
        Assert.Equal(1, stub.Calls()[StubPlugNmeet.IsRoomActive]);
        Assert.Equal(0, stub.Rejected);
    }

    [Theory]
    [InlineData("test-key", "8770A8331E778C82AC42ECB70313BC26D703701D186FE1A445649069B789C841", "INVALID_TOKEN_OR_SIGNATURE")] // uppercase hex
    [InlineData("test-key", "2f59040b63b7200598444239da2c9a4f3abc5c434259b23126d72514dab8cd09", "INVALID_TOKEN_OR_SIGNATURE")] // the body {}
    [InlineData("test-key", "", "MISSING_REQUIRED_PARAMETER")]
    [InlineData("other-key", RoomSignature, "INVALID_API_KEY")]
    [InlineData(null, RoomSignature, "MISSING_REQUIRED_PARAMETER")]
    public void Refuses_a_bad_key_or_signature_with_401_and_counts_no_call(string? key, string signature, string code)
    {
        var stub = Stub();

        var (status, json) = stub.Answer(StubPlugNmeet.IsRoomActive, key, signature, RoomBody);

        Assert.Equal(401, status);
        Assert.Equal(code, JsonNode.Parse(json)!["status_code"]!.GetValue<string>());
        Assert.Empty(stub.Calls());
        Assert.Equal(1, stub.Rejected);
    }

    [Fact]
    public void Gives_a_token_only_for_a_created_room()
    {
        var stub = Stub();
        var token = Encoding.UTF8.GetBytes("""{"room_id":"room01","user_info":{"name":"Ann","user_id":"ann"}}""");
        JsonNode Ask(string route, byte[] body) => JsonNode.Parse(stub.Answer(route, "test-key", Sign(body), body).Json)!;

        var refused = Ask(StubPlugNmeet.JoinToken, token);
        Ask(StubPlugNmeet.CreateRoom, Encoding.UTF8.GetBytes("""{"room_id":"room01","metadata":{"room_title":"T","room_features":{}}}"""));
        var issued = Ask(StubPlugNmeet.JoinToken, token);

        Assert.False(refused["status"]!.GetValue<bool>());
        Assert.Equal("ROOM_NOT_FOUND", refused["status_code"]!.GetValue<string>());
        Assert.True(issued["status"]!.GetValue<bool>());
        Assert.Equal(3, issued["token"]!.GetValue<string>().Split('.').Length);
        Assert.Equal(2, stub.Calls()[StubPlugNmeet.JoinToken]);
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(99, 10)]
    [InlineData(100, 10)]
    [InlineData(1, 1)]
    public void Percentiles_are_nearest_rank(double percent, double expected)
    {
        double[] values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];

        Assert.Equal(expected, LoadResult.Percentile(values, percent));
        Assert.True(double.IsNaN(LoadResult.Percentile([], 50)));
    }

    private static string Sign(byte[] body) => AdminPortal.PlugNmeet.PlugNmeetSignature.Compute(body, Secret);
}
