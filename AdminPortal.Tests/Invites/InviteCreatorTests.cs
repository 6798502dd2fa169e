using AdminPortal.Components.Shared;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace AdminPortal.Tests.Invites;

/// <summary>The invite creator on the generator: no silent clamping, an explicit risk confirmation, and the role and "works once" spelt out.</summary>
public sealed class InviteCreatorTests : PortalBunitContext
{
    private readonly JoinLinkForm _form = new() { RoomId = "board", RoomTitle = "Board", DisplayName = "Kim Chair", UserId = "kim" };

    public InviteCreatorTests() : base(JSRuntimeMode.Loose) =>
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)));

    private IRenderedComponent<InviteCreator> Render() => RenderWithPopovers<InviteCreator>(p => p
        .Add(c => c.Form, _form).Add(c => c.ValidateForm, () => Task.FromResult(true)));

    private int InviteCount()
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return db.Invites.Count();
    }

    [Fact]
    public void Typing_more_days_than_allowed_shows_an_error_and_creates_nothing()
    {
        var cut = Render();

        cut.Find("input#invite-days").Input("100");
        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Equal("Enter between 1 and 30 days.", ValidationMessage(cut, "invite-days")));
        Assert.Equal("100", cut.Find("input#invite-days").GetAttribute("value")); // kept as typed, not changed to 30
        Assert.Contains("No invite was created.", cut.Find("#invite-error").TextContent);
        Assert.Equal(0, InviteCount());
    }

    [Fact]
    public void Zero_uses_shows_an_error_and_creates_nothing()
    {
        var cut = Render();

        cut.Find("input#invite-max-uses").Input("0");
        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Equal("Enter at least 1, or leave empty for unlimited.", ValidationMessage(cut, "invite-max-uses")));
        Assert.Equal(0, InviteCount());
    }

    [Fact]
    public void An_open_administrator_invite_needs_the_risk_confirmed_and_then_shows_the_role()
    {
        _form.IsAdmin = true;
        _form.Reason = "Board chairs";
        var cut = Render();
        cut.Find("input#invite-open").Click();
        Assert.Contains("joins as an ADMINISTRATOR", cut.Find("input#invite-admin-confirm").Closest("label")!.TextContent);

        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#invite-admin-confirm-error")));
        Assert.Equal(0, InviteCount());

        cut.Find("input#invite-admin-confirm").Change(true);
        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Equal("Open invite · visitors join as ADMINISTRATOR", cut.Find("#invite-role").TextContent.Trim()));
        Assert.Equal(1, InviteCount());
    }

    [Fact]
    public void A_one_use_invite_says_it_works_once_in_the_terms_and_the_invitation()
    {
        _form.IsHidden = true; // hidden invites default to one use
        _form.Reason = "INC-7";
        var cut = Render();

        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Contains("works once", cut.Find("#invite-terms").TextContent));
        Assert.Equal("Personal invite · joins as HIDDEN OBSERVER", cut.Find("#invite-role").TextContent.Trim());
        var invitation = cut.FindComponents<CopyButton>().Single(c => c.Instance.Id == "copy-invitation").Instance.Text;
        Assert.Contains("This link works once.", invitation);
    }
}
