using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Tests.JoinLinks;

/// <summary>Lengths, special user ids and unreadable names: what the real server or client would break on.</summary>
public sealed class FieldLimitsTests
{
    // plugNmeet-server sql_dump/install.sql lines 7-8 and pkg/dbmodels/room.go lines 11-12: roomId varchar(64), room_title varchar(255).
    [Fact]
    public void Room_id_and_title_follow_the_servers_database_columns()
    {
        Assert.Null(JoinLinkRules.RoomId(new string('r', 64)));
        Assert.Equal("Room ID must be at most 64 characters (you have 65).", JoinLinkRules.RoomId(new string('r', 65)));
        Assert.Null(JoinLinkRules.RoomTitle(new string('t', 255)));
        Assert.Equal("Room title must be at most 255 characters (you have 256).", JoinLinkRules.RoomTitle(new string('t', 256)));
        var form = new JoinLinkForm { RoomId = "r", RoomTitle = new string('t', 300), DisplayName = "A", UserId = "a" };
        Assert.Equal("Room title must be at most 255 characters (you have 300).", JoinLinkRules.Validate(form)["RoomTitle"]);
    }

    [Fact]
    public void A_5000_character_name_is_refused_with_the_count_not_cut()
    {
        var pasted = new string('n', 5000);

        Assert.Equal("Display name must be at most 100 characters (you have 5000).", JoinLinkRules.DisplayName(pasted));
        Assert.Null(JoinLinkRules.DisplayName(new string('n', 100)));
    }

    [Fact]
    public void User_id_and_reason_have_limits_with_counts()
    {
        Assert.Null(JoinLinkRules.UserId(new string('u', 64)));
        Assert.Equal("User ID must be at most 64 characters (you have 65).", JoinLinkRules.UserId(new string('u', 65)));
        Assert.Equal("The reason must be at most 500 characters (you have 501).", JoinLinkRules.Reason(new string('x', 501), isAdmin: false, isHidden: false));
    }

    // plugNmeet-server pkg/config/constants.go lines 9-10 (RECORDER_BOT, RTMP_BOT; plugNmeet-client src/helpers/utils.ts line 309
    // hides them); "all": pkg/models/user_lock.go line 50, user_track.go line 28, room_waiting.go line 11; "public":
    // plugNmeet-client src/helpers/nats/ConnectNats.ts line 539. Every one compares with == / ===, so case matters: "All" is ordinary.
    [Theory]
    [InlineData("RECORDER_BOT")]
    [InlineData("RTMP_BOT")]
    [InlineData("all")]
    [InlineData("public")]
    public void User_ids_with_a_special_meaning_are_refused(string userId)
    {
        Assert.Equal($"User ID {userId} has a special meaning in plugNmeet (bots, everyone, or the public chat): choose another.", JoinLinkRules.UserId(userId));
        Assert.Null(PlugNmeetRules.CheckUserId(userId)); // the server itself accepts them
    }

    [Theory]
    [InlineData("All")]
    [InlineData("recorder_bot")]
    [InlineData("public-1")]
    public void Other_spellings_have_no_special_meaning(string userId) => Assert.Null(JoinLinkRules.UserId(userId));

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData(" \u3164 ")]
    [InlineData("\u00AD\u034F")]
    [InlineData("\u2800")]
    public void Names_of_only_invisible_characters_are_refused(string name) =>
        Assert.Equal("Display name is only invisible characters (zero-width or blank): type a name people can read.", JoinLinkRules.DisplayName(name));

    [Theory]
    [InlineData("Eve\u202Egnp.exe")]
    [InlineData("\u202AAda")]
    [InlineData("Ada\u2066x\u2069")]
    [InlineData("Ada\u2068")]
    public void Names_with_bidi_overrides_or_isolates_are_refused(string name) =>
        Assert.StartsWith("Display name contains a text-direction control character", JoinLinkRules.DisplayName(name));

    [Theory]
    [InlineData("Zoë Ångström")]
    [InlineData("محمد")]
    [InlineData("李小龍")]
    [InlineData("Ada\u200DLovelace")]
    public void Real_names_in_any_script_are_accepted(string name) => Assert.Null(JoinLinkRules.DisplayName(name));
}
