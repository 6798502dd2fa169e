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
        var settings = new RoomTemplateSettings
        {
            WaitingRoom = true, WaitingRoomMessage = "Please wait for the host.", MuteOnStart = true, AdminOnlyWebcams = true,
            AllowRaiseHand = false, AllowReactions = false, AllowVirtualBackground = false,
            EndToEndEncryption = true, EncryptChat = true,
            Locks = ["lock_chat", "lock_webcam"], WelcomeMessage = "Welcome!", MaxParticipants = 25, EmptyTimeoutMinutes = 5, RoomDurationMinutes = 90,
            LogoutUrl = "https://bücher.example/bye", WebhookUrl = "http://127.0.0.1:5078/webhooks/plugnmeet",
        };

        var bytes = JsonSerializer.SerializeToUtf8Bytes(RoomTemplateRequest.Build("room01", "Team", settings), PlugNmeetJsonContext.Default.CreateRoomRequest);

        Assert.Equal("/auth/room/create", (string?)sdk["path"]);
        Assert.Equal((string?)sdk["body"], Encoding.UTF8.GetString(bytes));
        Assert.Equal((string?)sdk["signature"], PlugNmeetSignature.Compute(bytes, "test-secret"));
    }
}
