using System.Text;
using System.Text.Json;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Tests.PlugNmeet;

public class PlugNmeetMessagesTests
{
    [Fact]
    public void Token_request_serializes_to_the_same_bytes_as_the_official_sdk()
    {
        var request = new GenerateTokenRequest("room01", new UserInfo("Alice", "u1", IsAdmin: true, IsHidden: false,
            new UserMetadata { PreferredLang = "en-US", LockSettings = new LockSettings { LockWebcam = false } }));

        var bytes = JsonSerializer.SerializeToUtf8Bytes(request, PlugNmeetJsonContext.Default.GenerateTokenRequest);

        // The body the JS SDK 1.4.1 sent in the contract's oracle run (§7), so the signature is the contract's vector too.
        Assert.Equal("""{"room_id":"room01","user_info":{"name":"Alice","user_id":"u1","is_admin":true,"is_hidden":false,"user_metadata":{"preferred_lang":"en-US","lock_settings":{"lock_webcam":false}}}}""",
            Encoding.UTF8.GetString(bytes));
        Assert.Equal("9e3c8f2be83da19f259575e4e8569c1a1346bc162b7a681909e8f8554adaaa54", PlugNmeetSignature.Compute(bytes, "test-secret"));
    }

    [Fact]
    public void Unset_optional_fields_are_left_out_never_sent_empty()
    {
        var form = new JoinLinkForm { RoomId = "room01", DisplayName = "Bob", UserId = "bob-1", IsAdmin = true };

        var json = JsonSerializer.Serialize(JoinLinkService.ToRequest(form, "room01"), PlugNmeetJsonContext.Default.GenerateTokenRequest);

        Assert.Equal("""{"room_id":"room01","user_info":{"name":"Bob","user_id":"bob-1","is_admin":true,"is_hidden":false}}""", json);
        Assert.DoesNotContain("\"\"", json);
    }

    [Fact]
    public void Participant_request_carries_avatar_language_and_all_ten_locks_explicitly()
    {
        var form = new JoinLinkForm
        {
            RoomId = "room01", DisplayName = "Carol", UserId = "carol-1",
            AvatarUrl = " https://example.com/c.png ", PreferredLanguage = "de-DE",
        };
        form.Locks.Clear();
        form.Locks.Add("lock_chat");

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(JoinLinkService.ToRequest(form, "room01"), PlugNmeetJsonContext.Default.GenerateTokenRequest));
        var metadata = doc.RootElement.GetProperty("user_info").GetProperty("user_metadata");

        Assert.Equal("https://example.com/c.png", metadata.GetProperty("profile_pic").GetString());
        Assert.Equal("de-DE", metadata.GetProperty("preferred_lang").GetString());
        var locks = metadata.GetProperty("lock_settings").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean());
        Assert.Equal(PlugNmeetLocks.All.Select(l => l.Key).Order(), locks.Keys.Order());
        Assert.True(locks["lock_chat"]);
        Assert.Equal(9, locks.Values.Count(v => !v));
    }

    [Fact]
    public void Create_room_request_has_title_and_an_empty_features_object()
    {
        var json = JsonSerializer.Serialize(new CreateRoomRequest("room01", new RoomMetadata("Test", new RoomFeatures())),
            PlugNmeetJsonContext.Default.CreateRoomRequest);

        Assert.Equal("""{"room_id":"room01","metadata":{"room_title":"Test","room_features":{}}}""", json);
    }

    [Fact]
    public void Replies_are_read_with_string_numbers_nulls_unknown_fields_and_extra_spaces()
    {
        var reply = JsonSerializer.Deserialize("""{"status":true, "msg":"room is active", "status_code":"SUCCESS", "is_active":true, "room":null, "creation_time":"1724"}""",
            PlugNmeetJsonContext.Default.IsRoomActiveResponse)!;

        Assert.True(reply.Status);
        Assert.True(reply.IsActive);
        Assert.Equal("SUCCESS", reply.StatusCode);
    }
}
