using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet.Sandbox;
using QRCoder;

namespace AdminPortal.Tests.JoinLinks;

/// <summary>
/// The link must fit a QR code. The token bound follows the claims the server signs: plugnmeet-protocol
/// <c>auth/access_token.go</c> (iss, nbf, exp, sub) and <c>proto_files/plugnmeet_gen_token.proto</c> line 57
/// <c>PlugNmeetTokenClaims</c> (name, user_id, room_id, is_admin, is_hidden, client_type), filled in plugNmeet-server
/// <c>pkg/models/user_join.go</c> lines 172-179. Metadata (avatar, locks, language) is not in the token.
/// </summary>
public sealed class LinkFitTests
{
    private static readonly Uri Client = new("https://meet.example.com/conference");

    [Fact]
    public void Qr_capacity_is_what_qrcoder_really_holds_at_level_m()
    {
        using var generator = new QRCodeGenerator();
        using var fits = generator.CreateQrCode(new string('a', QrCodeImage.MaxLength), QRCodeGenerator.ECCLevel.M);
        Assert.Throws<QRCoder.Exceptions.DataTooLongException>(() => generator.CreateQrCode(new string('a', QrCodeImage.MaxLength + 1), QRCodeGenerator.ECCLevel.M));

        Assert.NotNull(QrCodeImage.TryToPngDataUri(new string('a', QrCodeImage.MaxLength)));
        Assert.Null(QrCodeImage.TryToPngDataUri(new string('a', QrCodeImage.MaxLength + 1)));
    }

    [Theory]
    [InlineData("Ada", "ada-1", "room1")]
    [InlineData("Zoë <&> \"quoted\" \\ 李小龍 😀", "u", "r")]
    [InlineData("\u0001\u2028\uD800", "x", "y")]
    public void The_token_bound_covers_a_real_token_for_the_same_claims(string name, string userId, string roomId)
    {
        var name100 = string.Concat(Enumerable.Repeat(name, 100 / name.Length + 1))[..100];
        var claims = new JsonObject
        {
            ["iss"] = "api-key", ["sub"] = userId, ["nbf"] = 1800000000L, ["exp"] = 1800000600L, ["name"] = name100,
            ["user_id"] = userId, ["room_id"] = roomId, ["is_admin"] = true, ["is_hidden"] = true,
        };

        var token = PlugNmeetJwt.Sign(claims, "secret");

        Assert.True(LinkFit.MaxTokenLength("api-key", name100, userId, roomId) >= token.Length);
    }

    [Fact]
    public void A_link_that_fits_has_no_messages()
    {
        var form = new JoinLinkForm { RoomId = "r", DisplayName = "Ada", UserId = "ada" };
        form.Design["primary_color"] = "#123456";

        Assert.Empty(LinkFit.Check(Client, "key", form));
    }

    [Fact]
    public void A_design_too_long_for_a_qr_code_is_named_next_to_the_design_and_the_name()
    {
        var form = new JoinLinkForm { RoomId = "r", DisplayName = "Ada", UserId = "ada" };
        form.Design["background_image"] = "https://example.com/" + new string('b', 1000);
        form.Design["custom_css_url"] = "https://example.com/" + new string('c', 1000);

        var errors = LinkFit.Check(Client, "key", form);

        Assert.StartsWith("The link would be up to ", errors["Design"]);
        Assert.Contains("a QR code holds at most 2331", errors["Design"]);
        Assert.Equal(errors["Design"], errors["DisplayName"]);
    }
}
