using AdminPortal.Audit;
using AdminPortal.Components.Pages.Invites.Email;
using AdminPortal.Components.Pages.Settings;
using AdminPortal.Data;
using AdminPortal.Email;
using AdminPortal.Email.Invitations;
using AdminPortal.Email.Outbox;
using AdminPortal.Hosting;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AdminPortal.Tests.Email;

/// <summary>The invitation template editor and the delivery components over a real database (no SMTP server: mails stay queued).</summary>
public sealed class InvitationEmailComponentsTests : PortalBunitContext
{
    public InvitationEmailComponentsTests() : base(JSRuntimeMode.Loose)
    {
        AddStaff(StaffRoles.Administrator);
        Services.Configure<InviteOptions>(o => o.PublicBaseUrl = "https://portal.example.test");
    }

    private ApplicationDbContext Db() => Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

    private Invite AddInvite(string? email, int? batchId = null)
    {
        var code = Services.GetRequiredService<InviteCodes>().Mint();
        using var db = Db();
        var invite = new Invite
        {
            CodeHash = code.Hash, SealedCode = code.Sealed, RoomId = "board", DisplayName = "Ann", UserId = "ann", Email = email, BatchId = batchId,
            ValidFrom = Clock.GetUtcNow(), ValidUntil = Clock.GetUtcNow().AddDays(2), CreatedBy = StaffEmail, CreatedByUserId = StaffUserId,
        };
        db.Invites.Add(invite);
        db.SaveChanges();
        return invite;
    }

    private static string? TextAreaMessage(IRenderedComponent<InvitationTemplateEditor> cut, string id)
    {
        var area = cut.Find($"textarea#{id}");
        return area.GetAttribute("aria-invalid") == "true" ? cut.Find($"[id='{area.GetAttribute("aria-describedby")}']").TextContent.Trim() : null;
    }

    [Fact]
    public void The_editor_flags_unknown_placeholders_and_a_missing_link_next_to_the_field_and_saves_an_audited_template()
    {
        var cut = RenderWithPopovers<InvitationTemplateEditor>();
        cut.WaitForAssertion(() => Assert.Contains("Hello Kim Example,", cut.Find("#invitation-preview").TextContent));
        Assert.Equal(6, cut.FindAll("#placeholder-list li").Count);

        cut.Find("textarea#invitation-body").Input("Hi {nme}, join {link}");
        cut.WaitForAssertion(() => Assert.StartsWith("Unknown placeholder {nme}: use only {name},", TextAreaMessage(cut, "invitation-body")));
        cut.Find("textarea#invitation-body").Input("Hi {name}, join us");
        cut.Find("#save-invitation").Click();
        cut.WaitForAssertion(() => Assert.Equal("The text must contain {link}: without it the invitation has no way in.", TextAreaMessage(cut, "invitation-body")));
        Assert.DoesNotContain(AuditEntries(), e => e.Kind == AuditKinds.InvitationTemplateChanged);

        cut.Find("input#invitation-subject").Input("Come to {room}");
        cut.Find("textarea#invitation-body").Input("Hi {name} & co, join {link}");
        Assert.Contains("Subject: Come to Board meeting", cut.Find("#invitation-preview").TextContent);
        Assert.Contains("Hi Kim Example & co, join https://portal.example.com/j/EXAMPLE-CODE", cut.Find("#invitation-preview").TextContent);
        cut.Find("#save-invitation").Click();
        cut.WaitForAssertion(() => Assert.Contains(AuditEntries(), e => e.Kind == AuditKinds.InvitationTemplateChanged && e.Detail == "Subject: Come to {room}"));
        using (var db = Db())
        {
            Assert.Equal("Hi {name} & co, join {link}", db.InvitationTemplates.Single().Body);
        }

        cut.WaitForAssertion(() => Assert.False(cut.Find("#reset-invitation").HasAttribute("disabled")));
        cut.Find("#reset-invitation").Click();
        cut.WaitForAssertion(() => Assert.Equal(InvitationTemplateRules.Default.Body, cut.Find("textarea#invitation-body").TextContent));
        using (var db = Db())
        {
            Assert.Empty(db.InvitationTemplates);
        }
        Assert.Equal(2, AuditEntries().Count(e => e.Kind == AuditKinds.InvitationTemplateChanged));
    }

    [Fact]
    public void Send_invitation_checks_the_address_then_queues_and_the_badge_says_it_waits_for_e_mail_set_up()
    {
        var dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        var invite = AddInvite("ann@example.org");
        var cut = RenderWithPopovers<InviteDelivery>(p => p.Add(c => c.Invite, invite));
        Assert.Empty(cut.FindAll(".delivery-badge"));

        cut.Find(".send-invitation").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("input#invitation-recipient")));
        Assert.Equal("ann@example.org", dialogs.Find("input#invitation-recipient").GetAttribute("value"));
        dialogs.Find("input#invitation-recipient").Change("not an address");
        dialogs.Find("#invitation-send").Click();
        cut.WaitForAssertion(() => Assert.Equal("The recipient is not a valid e-mail address (write it as name@example.com, without a display name).",
            ValidationMessage(dialogs, "invitation-recipient")));
        using (var db = Db())
        {
            Assert.Empty(db.OutboxMessages);
        }

        dialogs.Find("input#invitation-recipient").Change("kim@example.org");
        dialogs.Find("input#invitation-start").Change("2026-03-05T14:00");
        dialogs.Find("input#invitation-duration").Change("45");
        dialogs.Find("#invitation-send").Click();

        cut.WaitForAssertion(() => Assert.Equal("waiting", cut.Find(".delivery-badge").TextContent.Trim()));
        Assert.Equal("Waiting: " + InvitationOutbox.NotSetUp, cut.Find(".delivery-text").TextContent);
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "1 invitation queued.");
        Assert.Empty(dialogs.FindAll("#invitation-send"));
        using var check = Db();
        var message = check.OutboxMessages.Single();
        Assert.Equal(("kim@example.org", OutboxState.Queued), (message.Recipient, message.State));
        var stored = check.Invites.Single();
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 14, 0, 0, TimeSpan.Zero), stored.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 14, 45, 0, TimeSpan.Zero), stored.EndsAt);
        Assert.Contains(AuditEntries(), e => e.Kind == AuditKinds.InvitationQueued && e.InviteId == invite.Id && e.Detail == "To kim@example.org");
    }

    [Fact]
    public void Batch_delivery_counts_rows_with_and_without_an_address_and_queues_those_with_one()
    {
        Render<MudSnackbarProvider>();
        int batchId;
        using (var db = Db())
        {
            var batch = new InviteBatch { RoomId = "board", CreatedBy = StaffEmail, CreatedByUserId = StaffUserId };
            db.InviteBatches.Add(batch);
            db.SaveChanges();
            batchId = batch.Id;
        }
        AddInvite("a@example.org", batchId);
        AddInvite("b@example.org", batchId);
        AddInvite(null, batchId);
        AddInvite("elsewhere@example.org");

        var cut = RenderWithPopovers<BatchDelivery>(p => p.Add(c => c.BatchId, batchId));
        cut.WaitForAssertion(() => Assert.Equal("Send invitations to 2 rows with an e-mail (1 without)", cut.Find(".send-batch-invitations").TextContent.Trim()));

        cut.Find(".send-batch-invitations").Click();

        cut.WaitForAssertion(() => Assert.Equal("2 queued, 0 sent, 0 failed.", cut.Find(".batch-delivery-counts").TextContent.Trim()));
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "2 invitations queued. 1 without an e-mail address skipped.");
        using var check = Db();
        Assert.Equal(["a@example.org", "b@example.org"], check.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Recipient).ToList());
        Assert.All(check.OutboxMessages, m => Assert.Equal(batchId, m.BatchId));
    }
}
