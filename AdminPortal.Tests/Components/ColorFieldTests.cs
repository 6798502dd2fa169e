using AdminPortal.Components.Shared;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Bunit;

namespace AdminPortal.Tests.Components;

public class ColorFieldTests() : PortalBunitContext(JSRuntimeMode.Strict)
{
    private static readonly CustomDesignKey PrimaryColour = CustomDesign.Keys.Single(k => k.Key == "primary_color");

    private readonly List<string?> _changes = [];

    [Theory]
    [InlineData(null, "#cccccc")]
    [InlineData("", "#cccccc")]
    [InlineData("#ABC", "#aabbcc")]
    [InlineData(" #abc ", "#aabbcc")]
    [InlineData("#1A73E8", "#1a73e8")]
    [InlineData("#1a73e8cc", "#1a73e8")]
    [InlineData("#12345", "#cccccc")]
    [InlineData("red", "#cccccc")]
    public void Swatch_shows_the_value_as_an_html_colour(string? value, string swatch)
    {
        var cut = RenderField(value);

        Assert.Equal(swatch, cut.Find("input[type=color]").GetAttribute("value"));
    }

    [Fact]
    public void Labels_the_text_box_and_the_picker()
    {
        var cut = RenderField("#1a73e8");

        Assert.Equal("#1a73e8", cut.Find("input#primary_color").GetAttribute("value"));
        Assert.Equal("Primary colour", cut.Find("label[for=primary_color]").TextContent);
        Assert.Equal("Pick Primary colour", cut.Find("input[type=color]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Typing_reports_the_value_and_flags_a_malformed_colour()
    {
        var cut = RenderField(null);

        cut.Find("input#primary_color").Input("#12345");

        Assert.Equal(["#12345"], _changes);
        Assert.Equal("Enter a hex colour such as #1a73e8 (3, 6 or 8 hex digits after #).", ValidationMessage(cut, "primary_color"));

        cut.Find("input#primary_color").Input("#123456");

        Assert.Equal(["#12345", "#123456"], _changes);
        Assert.Null(ValidationMessage(cut, "primary_color"));
    }

    [Fact]
    public void Picking_a_colour_reports_it()
    {
        var cut = RenderField("#abc");

        cut.Find("input[type=color]").Change("#ff8800");

        Assert.Equal(["#ff8800"], _changes);
    }

    private IRenderedComponent<ColorField> RenderField(string? value) => Render<ColorField>(p => p
        .Add(c => c.Label, PrimaryColour.Label)
        .Add(c => c.Id, PrimaryColour.Key)
        .Add(c => c.Value, value)
        .Add(c => c.ValueChanged, v => _changes.Add(v))
        .Add(c => c.Validate, v => JoinLinkRules.DesignValue(PrimaryColour, v)));
}
