using AdminPortal.Components.Layout;

namespace AdminPortal.Tests.Components.Layout;

/// <summary>The remembered light/dark choice: the switch overrides the system; without a choice the system decides.</summary>
public sealed class ColorSchemeChoiceTests
{
    [Theory]
    [InlineData("dark", true)]
    [InlineData("light", false)]
    [InlineData("system-dark", true)]
    [InlineData("system-light", false)]
    public void A_cookie_reads_back_as_it_was_written(string cookie, bool dark)
    {
        var choice = ColorSchemeChoice.Parse(cookie);

        Assert.Equal(dark, choice.IsDark);
        Assert.Equal(cookie, choice.ToCookie());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("purple")]
    public void No_or_an_unknown_cookie_follows_the_system(string? cookie)
    {
        var choice = ColorSchemeChoice.Parse(cookie);

        Assert.Null(choice.Override);
        Assert.True((choice with { SystemDark = true }).IsDark);
        Assert.False(choice.IsDark);
    }

    [Fact]
    public void A_choice_made_with_the_switch_wins_over_the_system()
    {
        Assert.False(new ColorSchemeChoice(false, SystemDark: true).IsDark);
        Assert.True(new ColorSchemeChoice(true, SystemDark: false).IsDark);
    }
}
