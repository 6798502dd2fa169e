using AdminPortal.Components.Pages.Generator;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.JSInterop;

namespace AdminPortal.Tests.Components;

/// <summary>The generator in a live circuit for each role: what the role may not issue is neither offered nor sent.</summary>
public sealed class GeneratorRoleTests() : PortalBunitContext(JSRuntimeMode.Loose)
{
    private readonly StubHandler _plugNmeet = new((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError));

    [Theory]
    [InlineData(StaffRoles.Administrator, false, false, true, true)]
    [InlineData(StaffRoles.Moderator, false, true, true, false)]
    [InlineData(StaffRoles.Helpdesk, true, false, false, true)]
    public void Switches_and_presets_follow_the_role(string role, bool adminLocked, bool hiddenLocked, bool moderatorPreset, bool observerPreset)
    {
        AddPlugNmeet(_plugNmeet, role);

        var cut = RenderWithPopovers<Generator>();

        cut.WaitForAssertion(() => Assert.Equal(moderatorPreset, cut.FindAll("#preset-moderator").Count == 1));
        Assert.Equal(observerPreset, cut.FindAll("#preset-hidden-observer").Count == 1);
        Assert.Equal(adminLocked, cut.Find("input#is-admin").HasAttribute("disabled"));
        Assert.Equal(hiddenLocked, cut.Find("input#is-hidden").HasAttribute("disabled"));
        Assert.Equal(role != StaffRoles.Administrator, cut.FindAll("#role-note").Count == 1);
    }

    [Fact]
    public void A_helpdesk_member_cannot_switch_administrator_on()
    {
        AddPlugNmeet(_plugNmeet, StaffRoles.Helpdesk);
        var cut = RenderWithPopovers<Generator>();
        var adminSwitch = cut.Find("input#is-admin");

        adminSwitch.Change(true); // what a click would send; the disabled switch ignores it

        Assert.False(cut.Find("input#is-admin").HasAttribute("checked"));
        Assert.Equal("false", cut.Find("input#is-admin").GetAttribute("aria-checked"));
        Assert.Empty(_plugNmeet.Requests);
    }
}
