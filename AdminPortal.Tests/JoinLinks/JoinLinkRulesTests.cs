using AdminPortal.JoinLinks;

namespace AdminPortal.Tests.JoinLinks;

public class JoinLinkRulesTests
{
    [Theory]
    [InlineData("alice", null)]
    [InlineData("Alice_01-x", null)]
    [InlineData("", "User ID is required.")]
    [InlineData("has space", "letters A–Z")]
    [InlineData("zoë", "letters A–Z")]
    [InlineData("user_bob", "must not start with user_")]
    [InlineData("sip_100", "reserved by plugNmeet")]
    [InlineData("ingres_x", "reserved by plugNmeet")]
    [InlineData("pnm_agent-1", "reserved by plugNmeet")]
    [InlineData("pnm_tts_agent-1", "reserved by plugNmeet")]
    [InlineData("phone-native", "-native")]
    [InlineData("a-FIELD_b", "-FIELD_")]
    public void User_id_follows_plugnmeet_rules(string userId, string? expectedFragment)
    {
        var message = JoinLinkRules.UserId(userId);
        if (expectedFragment is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(expectedFragment, message);
        }
    }

    [Theory]
    [InlineData("weekly-sync_1", null)]
    [InlineData("", "Room ID is required.")]
    [InlineData("room one", "letters A–Z")]
    [InlineData("user_room", "reserved")]
    public void Room_id_follows_plugnmeet_rules(string roomId, string? expectedFragment)
    {
        var message = JoinLinkRules.RoomId(roomId);
        Assert.True(expectedFragment is null ? message is null : message!.Contains(expectedFragment), message);
    }

    [Theory]
    [InlineData("https://example.com/a.png", null)]
    [InlineData("", null)]
    [InlineData("http://example.com/a.png", "https://")]
    [InlineData("javascript:alert(1)", "not allowed")]
    [InlineData("javascript:alert", "https://")]
    [InlineData("example.com/a.png", "https://")]
    [InlineData("https://example.com/a.png\");} body{display:none} x{a:url(\"", "not allowed")]
    [InlineData("https://example.com/a b.png", "not allowed")]
    [InlineData("https://example.com/a.png\nx", "not allowed")]
    public void Urls_must_be_https(string url, string? expectedFragment)
    {
        var message = JoinLinkRules.HttpsUrl(url);
        Assert.True(expectedFragment is null ? message is null : message!.Contains(expectedFragment), message);
    }

    [Theory]
    [InlineData("#abc", true)]
    [InlineData("#A1B2C3", true)]
    [InlineData("#a1b2c3d4", true)]
    [InlineData("#12345", false)]
    [InlineData("red", false)]
    [InlineData("#fff;background:url(x)", false)]
    public void Colours_must_be_hex(string value, bool valid)
    {
        var key = CustomDesign.Keys.First(k => k.Key == "primary_color");
        Assert.Equal(valid, JoinLinkRules.DesignValue(key, value) is null);
    }

    [Fact]
    public void Display_name_is_required_and_the_recorder_name_is_reserved()
    {
        Assert.Equal("Display name is required.", JoinLinkRules.DisplayName("  "));
        Assert.NotNull(JoinLinkRules.DisplayName("PLUGNMEET_RECORDER_AUTH"));
        Assert.Null(JoinLinkRules.DisplayName("Zoë Ångström"));
    }

    [Fact]
    public void Validate_reports_every_bad_field_at_once()
    {
        var form = new JoinLinkForm { RoomId = "bad room", UserId = "user_x", AvatarUrl = "http://x" };
        form.Design["header_bg_color"] = "blue";

        var errors = JoinLinkRules.Validate(form);

        Assert.Equal(["AvatarUrl", "DisplayName", "RoomId", "UserId", "header_bg_color"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generated_user_ids_are_valid_unique_and_readable()
    {
        var first = UserIdGenerator.Create("Zoë Ångström");
        var second = UserIdGenerator.Create("Zoë Ångström");

        Assert.StartsWith("zoe-angstrom-", first);
        Assert.NotEqual(first, second);
        Assert.Null(JoinLinkRules.UserId(first));
        Assert.Null(JoinLinkRules.UserId(UserIdGenerator.Create("")));
        Assert.Null(JoinLinkRules.UserId(UserIdGenerator.Create("user_ sip_ -native")));
    }

    [Theory]
    [InlineData("Łukasz Żółć", "lukasz-zolc-")]
    [InlineData("Jürgen Groß", "jurgen-gross-")]
    [InlineData("Søren Ærø", "soren-aero-")]
    [InlineData("Þórður Eðvarðsson", "thordur-edvardsson-")]
    [InlineData("Œdipe Đorđević", "oedipe-dordevic-")]
    public void Make_unique_id_spells_letters_it_cannot_decompose_instead_of_dropping_them(string name, string expectedStem)
    {
        var id = UserIdGenerator.Create(name);

        Assert.StartsWith(expectedStem, id);
        Assert.Matches("^[a-z0-9-]+-[0-9a-f]{8}$", id);
        Assert.Null(JoinLinkRules.UserId(id));
    }
}
