using System.Text.Json;
using AdminPortal.Components.Pages.Generator;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Tests.Components;

/// <summary>What an idle generator keeps in its circuit (issue 11: light circuits), and the plain controls that replaced heavy ones.</summary>
public partial class GeneratorTests
{
    // Every component stays in the circuit while the tab is open (two render buffers each): 153 before issue 11, 83 after.
    private const int ComponentBudget = 90;

    [Fact]
    public void Idle_generator_keeps_few_components_in_the_circuit()
    {
        var cut = RenderWithPopovers<Generator>();

        var components = cut.FindComponents<IComponent>();
        Assert.True(components.Count <= ComponentBudget, $"{components.Count} components in an idle generator (budget {ComponentBudget})");
        Assert.Empty(cut.FindComponents<MudSelectItem<string>>());
        Assert.Empty(cut.FindComponents<MudTooltip>());
    }

    [Fact]
    public void Preferred_language_picked_from_the_list_goes_into_the_link()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        var list = cut.Find("select#preferred-language");
        Assert.Equal("", list.GetAttribute("value"));
        Assert.Contains(list.QuerySelectorAll("option"), o => o.GetAttribute("value") == "de-DE");

        list.Change("de-DE");
        cut.Find("#generate").Click();

        cut.WaitForElement("#join-link");
        using var body = JsonDocument.Parse(_plugNmeet.Requests[0].Body);
        Assert.Equal("de-DE", body.RootElement.GetProperty("user_info").GetProperty("user_metadata").GetProperty("preferred_lang").GetString());
        Assert.Equal("de-DE", cut.Find("select#preferred-language").GetAttribute("value"));
    }

    [Fact]
    public void Preset_description_is_the_tooltip_its_button_is_described_by()
    {
        var cut = RenderWithPopovers<Generator>();

        var button = cut.WaitForElement("#preset-moderator");
        var tip = cut.Find($"[id='{button.GetAttribute("aria-describedby")}']");
        Assert.Equal("tooltip", tip.GetAttribute("role"));
        Assert.Equal("Administrator in the room: can manage participants and end the meeting.", tip.TextContent.Trim());
    }

    [Fact]
    public void Refusal_after_a_link_takes_the_previous_link_away()
    {
        var cut = GenerateLink();
        _plugNmeet.TokenRefusal = "user_id is already in use";

        cut.Find("#generate").Click();

        cut.WaitForElement("#generate-error");
        Assert.Empty(cut.FindAll("#join-link"));
        Assert.Empty(cut.FindAll("#join-qr"));
    }

    [Fact]
    public void While_the_next_link_is_made_the_previous_one_stays_dimmed_and_marked_busy()
    {
        var cut = GenerateLink();
        var first = cut.Find("#join-link").GetAttribute("value");
        Assert.StartsWith("http", first);
        _plugNmeet.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#result").GetAttribute("aria-busy")));
        Assert.Contains("result-replacing", cut.Find("#result").ClassList);
        Assert.Equal(first, cut.Find("#join-link").GetAttribute("value"));
        Assert.True(cut.Find("#generate").HasAttribute("disabled"));

        _plugNmeet.Hold.SetResult();

        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("#result").GetAttribute("aria-busy")));
        Assert.DoesNotContain("result-replacing", cut.Find("#result").ClassList);
        Assert.NotEqual(first, cut.Find("#join-link").GetAttribute("value"));
    }
}
