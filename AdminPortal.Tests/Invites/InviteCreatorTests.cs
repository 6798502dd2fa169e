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

    private static string Squeezed(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

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

    private Invite StoredInvite()
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return db.Invites.Single();
    }

    [Theory]
    [InlineData("2026-03-05 14:30", "2026-03-05T13:30:00Z", "2026-03-06T13:30:00Z")] // winter: UTC+1
    [InlineData("2026-03-29 14:30", "2026-03-29T12:30:00Z", "2026-03-30T12:30:00Z")] // typed in winter for the first summer day: UTC+2 on that date
    public void Valid_from_is_read_in_the_viewers_time_zone_on_that_date_and_the_confirmation_states_both_ends(string typed, string from, string until)
    {
        JSInterop.SetupModule(AdminPortal.TimeZones.BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetResult("Europe/Berlin");
        var cut = Render();
        cut.WaitForAssertion(() => Assert.Contains("Valid from (your time, Europe/Berlin)", cut.Find("input#invite-from").Closest(".mud-input-control")!.TextContent));

        cut.Find("input#invite-from").Input(typed);
        cut.Find("input#invite-days").Input("1");
        cut.Find("#create-invite").Click();

        cut.WaitForElement("#invite-terms");
        var invite = StoredInvite();
        Assert.Equal((DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture)),
            (invite.ValidFrom, invite.ValidUntil));
        // Both ends in the viewer's time, as typed; UTC on hover.
        cut.WaitForAssertion(() => Assert.StartsWith(typed[8..10].TrimStart('0') + " ", cut.Find("#invite-valid-from").TextContent));
        Assert.EndsWith(", 14:30", cut.Find("#invite-valid-from").TextContent);
        Assert.EndsWith(", 14:30", cut.Find("#invite-valid-until").TextContent);
        Assert.EndsWith(" UTC", cut.Find("#invite-valid-from").GetAttribute("title"));
    }

    [Fact]
    public void A_time_the_clocks_skip_is_named_next_to_the_field_and_creates_nothing()
    {
        JSInterop.SetupModule(AdminPortal.TimeZones.BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetResult("Europe/Berlin");
        var cut = Render();
        cut.WaitForAssertion(() => Assert.Contains("Europe/Berlin", cut.Find("input#invite-from").Closest(".mud-input-control")!.TextContent));

        cut.Find("input#invite-from").Input("2026-03-29 02:30");
        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Equal("That time does not exist in Europe/Berlin: the clocks go forward then. Choose another time.",
            ValidationMessage(cut, "invite-from")));
        Assert.Equal(0, InviteCount());
    }

    [Fact]
    public void Without_an_offset_from_the_browser_valid_from_is_utc_and_says_so()
    {
        var cut = Render();
        Assert.Contains("Valid from (UTC)", cut.Find("input#invite-from").Closest(".mud-input-control")!.TextContent);

        cut.Find("input#invite-from").Input("2026-03-02 18:00");
        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Contains("Valid from 2 Mar 2026, 18:00 UTC until 9 Mar 2026, 18:00 UTC", Squeezed(cut.Find("#invite-terms").TextContent)));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero), StoredInvite().ValidFrom);
    }

    [Fact]
    public void Empty_valid_from_means_now_and_the_terms_show_it()
    {
        var cut = Render();

        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Contains("Valid from 2 Mar 2026, 09:30 UTC until 9 Mar 2026, 09:30 UTC", Squeezed(cut.Find("#invite-terms").TextContent)));
    }

    [Theory]
    [InlineData("5/3/2026", "Enter a date and time like 2026-03-05 14:30 (or only a date), or leave empty for now.")]
    [InlineData("2026-03-01 09:00", "\"Valid from\" cannot be in the past.")]
    public void A_valid_from_that_cannot_be_read_or_is_past_is_named_next_to_the_field_and_creates_nothing(string typed, string message)
    {
        var cut = Render();

        cut.Find("input#invite-from").Input(typed);
        cut.Find("#create-invite").Click();

        cut.WaitForAssertion(() => Assert.Equal(message, ValidationMessage(cut, "invite-from")));
        Assert.Contains("No invite was created.", cut.Find("#invite-error").TextContent);
        Assert.Equal(0, InviteCount());
    }

    [Fact]
    public void The_share_sheet_is_offered_only_where_the_browser_has_one_and_shares_the_invitation()
    {
        var module = JSInterop.SetupModule("./js/invites.js");
        module.Setup<bool>("canShare").SetResult(true);
        var share = module.Setup<string>("share", _ => true);
        share.SetResult("shared");
        var cut = Render();
        cut.Find("#create-invite").Click();

        cut.WaitForElement("#invite-share").Click();

        var call = Assert.Single(share.Invocations);
        Assert.Equal("Invitation to Board", call.Arguments[0]);
        Assert.StartsWith("You are invited to Board.\nFor: Kim Chair\n", (string)call.Arguments[1]!);
        Assert.EndsWith(cut.Find("input#invite-link").GetAttribute("value")!, (string)call.Arguments[1]!);
        Assert.StartsWith("mailto:?subject=Invitation%20to%20Board&body=You%20are%20invited%20to%20Board.%0D%0AFor%3A%20Kim%20Chair", cut.Find("a#invite-mail").GetAttribute("href"));
    }
}
