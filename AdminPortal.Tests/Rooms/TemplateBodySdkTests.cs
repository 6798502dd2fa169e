using System.Text;
using System.Text.Json;
using AdminPortal.PlugNmeet;
using AdminPortal.Rooms.Templates;
using AdminPortal.Tests.JsSdk;

namespace AdminPortal.Tests.Rooms;

/// <summary>
/// A template-filled room/create body is byte for byte what the official JS SDK (plugnmeet-sdk-js@1.4.1, run by
/// <c>JsSdk/sdk-create-body.js</c>) sends for the same room written with the SDK's own field names, signature included.
/// </summary>
public sealed class TemplateBodySdkTests
{
    [Fact]
    public async Task A_template_filled_create_body_agrees_with_the_official_sdk()
    {
        var folder = JsSdkTests.FindJsSdkFolder();
        var sdk = await JsSdkTests.RunNodeAsync(folder, "sdk-create-body.js", "test-secret");

        var bytes = JsonSerializer.SerializeToUtf8Bytes(RoomTemplateRequest.Build("room01", "Team", RoomTemplateRulesTests.Filled()), PlugNmeetJsonContext.Default.CreateRoomRequest);

        Assert.Equal("/auth/room/create", (string?)sdk["path"]);
        Assert.Equal((string?)sdk["body"], Encoding.UTF8.GetString(bytes));
        Assert.Equal((string?)sdk["signature"], PlugNmeetSignature.Compute(bytes, "test-secret"));
    }
}
