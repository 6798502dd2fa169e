using AdminPortal.Attendance;
using AdminPortal.Components.Pages.Invites;
using AdminPortal.Data;
using AdminPortal.Email.Outbox;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Audit;
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
    public InvitesPageTests() : base(JSRuntimeMode.Loose)
    {
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)));
        Services.AddAttendance(); // the page shows each invite's attendance
    }

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

        cut.WaitForAssertion(() => Assert.Contains("The contact text can be at most 500 characters", cut.Find("#settings-error").TextContent));
        Assert.Contains("501 / 500", cut.Markup);
        Assert.Equal("Ask the person who invited you for a new link.", (await Services.GetRequiredService<InviteService>().GetSettingsAsync()).ContactText);
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars, IRenderedComponent<InvitesPage> Page) RenderWithProviders()
    {
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        return (dialogs, snackbars, RenderWithPopovers<InvitesPage>());
    }

    private Invite Stored(int id)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return db.Invites.AsNoTracking().Single(i => i.Id == id);
    }

    [Fact]
    public async Task Revoke_asks_first_naming_what_happens_and_keeping_it_changes_nothing()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        var (dialogs, _, cut) = RenderWithProviders();

        cut.WaitForElement($"#revoke-{invite.Id}").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Everyone who opens this invite to board will be refused, including people who have it on paper", dialogs.Markup));
        Assert.Contains($"Revoke invite #{invite.Id}?", dialogs.Markup);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep it").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Everyone who opens", dialogs.Markup));
        Assert.Null(Stored(invite.Id).RevokedAt);
        Assert.NotNull(cut.Find($"#revoke-{invite.Id}"));
        Assert.DoesNotContain(AuditEntries(), e => e.Kind == AuditKinds.InviteChanged);
    }

    [Fact]
    public async Task Confirmed_revoke_offers_undo_in_its_snackbar_which_restores_the_invite()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        var (dialogs, snackbars, cut) = RenderWithProviders();

        cut.WaitForElement($"#revoke-{invite.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        cut.WaitForAssertion(() => Assert.Equal("Revoked", cut.Find("[data-status]").GetAttribute("data-status")));
        Assert.NotNull(Stored(invite.Id).RevokedAt);
        snackbars.WaitForAssertion(() => Assert.Contains($"Invite #{invite.Id} revoked.", snackbars.Markup));
        Clock.Advance(TimeSpan.FromSeconds(5));
        snackbars.FindAll("button").Single(b => b.TextContent.Trim() == "Undo").Click();

        cut.WaitForAssertion(() => Assert.Equal("Active", cut.Find("[data-status]").GetAttribute("data-status")));
        Assert.Null(Stored(invite.Id).RevokedAt);
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == $"Invite #{invite.Id} restored: it works as before.");
        Assert.Contains(AuditEntries(), e => e.Detail == $"undid the revoke of invite #{invite.Id} for room board: restored as it was");
    }

    [Fact]
    public async Task Undo_pressed_after_the_window_says_so_and_the_invite_stays_revoked()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        var (dialogs, snackbars, cut) = RenderWithProviders();
        cut.WaitForElement($"#revoke-{invite.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());
        snackbars.WaitForAssertion(() => Assert.Contains($"Invite #{invite.Id} revoked.", snackbars.Markup));

        Clock.Advance(InviteService.RevokeUndoWindow + TimeSpan.FromSeconds(1));
        snackbars.FindAll("button").Single(b => b.TextContent.Trim() == "Undo").Click();

        cut.WaitForAssertion(() => Assert.Contains("can no longer be restored", cut.Find("#invites-error").TextContent));
        Assert.NotNull(Stored(invite.Id).RevokedAt);
    }

    /// <summary>The whole suite runs in parallel on two cores: this test renders 27 rows twice, so it waits without blocking a thread.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_list_shows_one_page_and_the_count_and_search_asks_the_server()
    {
        var invites = Services.GetRequiredService<InviteService>();
        var now = Clock.GetUtcNow();
        for (var i = 1; i <= 27; i++)
        {
            var form = new JoinLinkForm { RoomId = $"room-{i:00}", DisplayName = $"Person {i:00}", UserId = $"p{i}" };
            Assert.True((await invites.CreateAsync(form, new InviteTerms(InviteKind.Personal, now, now.AddDays(1), null), Admin, new Uri("http://portal.test/"))).Succeeded);
        }
        var cut = RenderWithPopovers<InvitesPage>();

        await cut.WaitForAssertionAsync(() => Assert.Equal("27 invites", cut.Find("#invites-count").TextContent.Trim()), Patience);
        Assert.Equal(25, cut.FindAll("#invites-table tbody tr.mud-table-row").Count);
        Assert.Contains("room-27", cut.Find("#invites-table").TextContent);
        Assert.DoesNotContain("room-02", cut.Find("#invites-table").TextContent);

        cut.Find("input#invites-search").Input("PERSON 0");
        Clock.Advance(TimeSpan.FromMilliseconds(400)); // the search waits for a pause in typing, on the portal's clock

        await cut.WaitForAssertionAsync(() => Assert.Equal("9 invites match", cut.Find("#invites-count").TextContent.Trim()), Patience);
        await cut.WaitForAssertionAsync(() => Assert.Equal(9, cut.FindAll("#invites-table tbody tr.mud-table-row").Count), Patience);
        Assert.Contains("room-02", cut.Find("#invites-table").TextContent);
    }

    [Fact]
    public async Task Show_qr_names_the_room_and_the_person_and_mails_the_invitation_with_its_link()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForElement($"#show-{invite.Id}").Click();

        cut.WaitForAssertion(() => Assert.Equal("Room board · for Kim Chair (kim)", cut.Find("#shown-invite-about").TextContent.Trim()));
        var url = cut.Find("input#shown-invite-link").GetAttribute("value")!;
        Assert.Equal("QR code of the invite to board for Kim Chair (kim)", cut.Find("#shown-invite-qr").GetAttribute("alt"));
        var mail = new Uri(cut.Find("a#shown-invite-mail").GetAttribute("href")!);
        Assert.Equal("mailto", mail.Scheme);
        var query = System.Web.HttpUtility.ParseQueryString(mail.Query);
        Assert.Equal("Invitation to board", query["subject"]);
        Assert.StartsWith("You are invited to board.\r\nFor: Kim Chair\r\n", query["body"]);
        Assert.EndsWith("\r\n" + url, query["body"]);
        Assert.Empty(cut.FindAll("#shown-invite-share")); // no navigator.share in this browser
    }

    [Fact]
    public async Task Each_invite_shows_where_its_invitation_email_stands_with_the_servers_answer()
    {
        var failed = await CreateAsync(InviteKind.Personal);
        var sent = await CreateAsync(InviteKind.Personal);
        var never = await CreateAsync(InviteKind.Personal);
        using (var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext())
        {
            var now = Clock.GetUtcNow();
            db.OutboxMessages.AddRange(
                new() { InviteId = failed.Id, Recipient = "kim@example.org", State = OutboxState.Failed, Attempts = 1, NextAttemptAt = now, QueuedAt = now,
                    QueuedBy = StaffEmail, MessageId = "a@portal.test", LastAnswer = "550 5.1.1 mailbox unavailable" },
                new() { InviteId = sent.Id, Recipient = "lee@example.org", State = OutboxState.Sent, Attempts = 1, NextAttemptAt = now, QueuedAt = now,
                    QueuedBy = StaffEmail, MessageId = "b@portal.test", SentAt = now });
            db.SaveChanges();
        }

        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForAssertion(() => Assert.Equal("Failed (kim@example.org): 550 5.1.1 mailbox unavailable", cut.Find($"#delivery-{failed.Id} .delivery-text").TextContent));
        Assert.Equal("Sent to lee@example.org at 2 Mar 2026, 09:30 UTC", cut.Find($"#delivery-{sent.Id} .delivery-text").TextContent);
        Assert.Empty(cut.FindAll($"#delivery-{never.Id} .delivery-text"));
        Assert.Contains("Send invitation", cut.Find($"#delivery-{never.Id} .send-invitation").TextContent);
    }

    [Fact]
    public async Task Administrators_see_who_created_each_invite()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForAssertion(() => Assert.Equal(StaffEmail, cut.Find($"#created-by-{invite.Id}").TextContent));
        Assert.Contains(cut.FindAll("#invites-table th"), th => th.TextContent.Trim() == "Created by");
    }

    [Fact]
    public async Task Branding_is_checked_next_to_its_fields_and_saved()
    {
        var cut = RenderWithPopovers<InvitesPage>();
        cut.WaitForElement("#settings-logo");

        cut.Find("input#settings-organisation").Input("Acme Schools");
        cut.Find("input#settings-logo").Input("http://example.com/logo.png");

        cut.WaitForAssertion(() => Assert.Equal("Enter a full https:// address, e.g. https://example.com/logo.png.", ValidationMessage(cut, "settings-logo")));
        cut.Find("#save-settings").Click();
        cut.WaitForAssertion(() => Assert.Contains("Enter a full https:// address", cut.Find("#settings-error").TextContent));

        cut.Find("input#settings-logo").Input("https://example.com/logo.png");
        cut.Find("#save-settings").Click();

        cut.WaitForAssertion(() => Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "Invite settings saved."));
        Assert.Null(ValidationMessage(cut, "settings-logo"));
        var settings = await Services.GetRequiredService<InviteService>().GetSettingsAsync();
        Assert.Equal(("Acme Schools", "https://example.com/logo.png"), (settings.OrganisationName, settings.LogoUrl));
    }
}

/// <summary>The invites page for a Moderator: only their own invites, so no "Created by" column and no settings.</summary>
public sealed class InvitesPageForModeratorTests : PortalBunitContext
{
    public InvitesPageForModeratorTests() : base(JSRuntimeMode.Loose)
    {
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)), StaffRoles.Moderator);
        Services.AddAttendance();
    }

    [Fact]
    public async Task Created_by_is_hidden_because_it_could_only_be_themselves()
    {
        var now = Clock.GetUtcNow();
        var moderator = new StaffActor(StaffUserId, StaffEmail, "Test staff", StaffRoles.Moderator, "127.0.0.1");
        var outcome = await Services.GetRequiredService<InviteService>().CreateAsync(new JoinLinkForm { RoomId = "board", DisplayName = "Kim Chair", UserId = "kim" },
            new InviteTerms(InviteKind.Personal, now, now.AddDays(1), null), moderator, new Uri("http://portal.test/"));
        Assert.True(outcome.Succeeded, outcome.Error);

        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForAssertion(() => Assert.Contains("Kim Chair", cut.Find("#invites-table").TextContent));
        Assert.DoesNotContain("Created by", cut.Find("#invites-table").TextContent);
        Assert.DoesNotContain(StaffEmail, cut.Find("#invites-table").TextContent);
        Assert.Empty(cut.FindAll($"#created-by-{outcome.Invite!.Id}"));
        Assert.Empty(cut.FindAll("#settings-logo"));
    }
}
