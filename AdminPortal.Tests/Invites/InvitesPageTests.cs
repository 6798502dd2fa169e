using AdminPortal.Components.Pages.Invites;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace AdminPortal.Tests.Invites;

/// <summary>The staff invites page: roles spelt out, plugNmeet's last refusal, and recovering an invite.</summary>
public sealed class InvitesPageTests : PortalBunitContext
{
    public InvitesPageTests() : base(JSRuntimeMode.Loose) =>
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)));

    private static StaffActor Admin => new(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "127.0.0.1");

    private async Task<Invite> CreateAsync(InviteKind kind, bool isAdmin = false, int? maxUses = 1)
    {
        var now = Clock.GetUtcNow();
        var form = new JoinLinkForm { RoomId = "board", DisplayName = "Kim Chair", UserId = "kim", IsAdmin = isAdmin, Reason = isAdmin ? "Chairs" : "" };
        var outcome = await Services.GetRequiredService<InviteService>().CreateAsync(form, new InviteTerms(kind, now, now.AddDays(3), maxUses, AdministratorRiskAccepted: isAdmin), Admin,
            new Uri("http://portal.test/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Invite!;
    }

    private void Update(int id, Func<Invite, Invite> change)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        change(db.Invites.Single(i => i.Id == id));
        db.SaveChanges();
    }

    [Fact]
    public async Task Every_invite_shows_how_visitors_join_and_why_plugnmeet_last_refused_it()
    {
        var open = await CreateAsync(InviteKind.Open, isAdmin: true, maxUses: null);
        var personal = await CreateAsync(InviteKind.Personal);
        Update(personal.Id, i => { (i.LastRefusal, i.LastRefusalAt) = ("plugNmeet refused the request: user is blocked", Clock.GetUtcNow()); return i; });

        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForAssertion(() => Assert.Equal("Open invite · visitors join as ADMINISTRATOR", cut.Find($"#kind-{open.Id}").TextContent));
        Assert.Equal("Personal invite · joins as PARTICIPANT", cut.Find($"#kind-{personal.Id}").TextContent);
        Assert.Contains("user is blocked", cut.Find($"#refusal-{personal.Id}").TextContent);
        Assert.Contains("2026-03-02 09:30 UTC", cut.Find($"#refusal-{personal.Id}").TextContent);
        Assert.Empty(cut.FindAll($"#refusal-{open.Id}"));
    }

    [Fact]
    public async Task Extending_a_used_up_invite_explains_why_and_offers_one_more_use()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        Update(invite.Id, i => { i.Uses = 1; return i; });
        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForElement($"#extend-{invite.Id}").Click();

        cut.WaitForAssertion(() => Assert.Contains("a later end date would not help", cut.Find("#invites-error").TextContent));
        cut.Find("#offer-one-more-use").Click();
        cut.WaitForAssertion(() => Assert.Contains("1 / 2", cut.Find("#invites-table").TextContent));
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == $"Invite #{invite.Id} may be used once more.");
        Assert.Empty(cut.FindAll("#invites-error"));
    }

    [Fact]
    public async Task Reissue_shows_the_new_link_and_its_qr_and_the_old_one_as_revoked()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForElement($"#reissue-{invite.Id}").Click();

        cut.WaitForAssertion(() => Assert.Contains($"Invite #{invite.Id + 1}", cut.Find("#invite-shown").TextContent));
        Assert.Matches("^http://localhost/j/[A-Za-z0-9_-]{22}$", cut.Find("input#shown-invite-link").GetAttribute("value"));
        Assert.StartsWith("data:image/png;base64,", cut.Find("#shown-invite-qr").GetAttribute("src"));
        Assert.Contains("re-issued as #" + (invite.Id + 1), cut.Find("#invites-table").TextContent);
        Assert.Empty(cut.FindAll($"#reissue-{invite.Id}"));
    }

    [Fact]
    public async Task The_contact_text_shows_its_limit_and_refuses_a_longer_one()
    {
        var cut = RenderWithPopovers<InvitesPage>();
        cut.WaitForElement("#settings-contact");

        cut.Find("#settings-contact").Input(new string('x', 501));
        cut.Find("#save-settings").Click();

        cut.WaitForAssertion(() => Assert.Contains("The contact text can be at most 500 characters", cut.Find("#invites-error").TextContent));
        Assert.Contains("501 / 500", cut.Markup);
        Assert.Equal("Ask the person who invited you for a new link.", (await Services.GetRequiredService<InviteService>().GetSettingsAsync()).ContactText);
    }
}
