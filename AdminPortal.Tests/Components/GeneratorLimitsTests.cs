using System.Text.Json;
using AdminPortal.Components.Pages.Generator;
using Bunit;

namespace AdminPortal.Tests.Components;

/// <summary>Visible limits, nothing cut, normalised addresses shown, and links that would not fit a QR code stopped before sending.</summary>
public partial class GeneratorTests
{
    [Fact]
    public void A_5000_character_paste_is_kept_counted_and_refused_with_a_message()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        var pasted = new string('n', 5000);

        cut.Find("#display-name").Input(pasted);
        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Equal("Display name must be at most 100 characters (you have 5000).", ValidationMessage(cut, "display-name")));
        Assert.Equal(pasted, cut.Find("input#display-name").GetAttribute("value"));
        Assert.Contains("5000 / 100", cut.Markup);
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Fact]
    public void Every_free_text_field_shows_its_limit_and_none_truncates()
    {
        var cut = RenderWithPopovers<Generator>();

        // MudBlazor writes its default maxlength (524288) on every input; none may be at a field limit, which would cut a paste.
        Assert.All(cut.FindAll("input[maxlength], textarea[maxlength]"), i => Assert.True(int.Parse(i.GetAttribute("maxlength")!) >= 524288));
        foreach (var limit in new[] { "0 / 64", "0 / 255", "0 / 100", "0 / 500", "0 / 2048" })
        {
            Assert.Contains(limit, cut.Markup);
        }
    }

    [Fact]
    public void A_design_too_long_for_a_qr_code_is_refused_next_to_the_fields_before_anything_is_sent()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        OpenSection(cut, "design");
        cut.Find("input#background_image").Input("https://example.com/" + new string('b', 1000));
        cut.Find("input#custom_css_url").Input("https://example.com/" + new string('c', 1000));

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Contains("a QR code holds at most 2331", cut.Find("#design-too-long").TextContent));
        Assert.Contains("a QR code holds at most 2331", cut.Find("#display-name-too-long").TextContent);
        Assert.Empty(cut.FindAll("#join-link"));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Fact]
    public void Background_colour_with_an_image_says_the_colour_is_ignored()
    {
        var cut = RenderWithPopovers<Generator>();
        OpenSection(cut, "design");
        cut.Find("input#background_color").Input("#ffffff");
        Assert.Empty(cut.FindAll("#background-note"));

        cut.Find("input#background_image").Input("https://example.com/bg.png");

        cut.WaitForAssertion(() => Assert.Contains("ignores the background colour", cut.Find("#background-note").TextContent));
    }

    [Fact]
    public void An_idn_avatar_is_shown_and_sent_in_its_normalised_form()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);

        cut.Find("#avatar-url").Input("https://bücher.example/zoë.png");

        cut.WaitForAssertion(() => Assert.Contains("Will be sent as https://xn--bcher-kva.example/zo%C3%AB.png", cut.Markup));
        cut.Find("#generate").Click();
        cut.WaitForElement("#join-link");
        using var body = JsonDocument.Parse(_plugNmeet.Requests[^1].Body);
        Assert.Equal("https://xn--bcher-kva.example/zo%C3%AB.png",
            body.RootElement.GetProperty("user_info").GetProperty("user_metadata").GetProperty("profile_pic").GetString());
    }

    [Theory]
    [InlineData("all")]
    [InlineData("RECORDER_BOT")]
    public void Special_user_ids_are_refused_in_the_form(string userId)
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut, userId: userId);

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Contains("has a special meaning in plugNmeet", ValidationMessage(cut, "user-id")));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }
}
