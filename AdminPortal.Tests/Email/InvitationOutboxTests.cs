using AdminPortal.Audit;
using AdminPortal.Email.Invitations;
using AdminPortal.Email.Outbox;
using AdminPortal.Invites;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AdminPortal.Tests.Email;

/// <summary>The invitation outbox on the real portal against a real SMTP server on loopback: the mail, retries, restarts, two instances.</summary>
public sealed class InvitationOutboxTests : IClassFixture<SmtpTestServerFixture>
{
    private readonly SmtpTestServer _server;

    public InvitationOutboxTests(SmtpTestServerFixture smtp) => _server = smtp.Fresh();

    private static async Task<QueueResult> QueueAsync(PortalFactory portal, params int[] inviteIds) =>
        await portal.Services.GetRequiredService<InvitationOutbox>().QueueAsync(await portal.ActorAsync(), inviteIds, new Uri(portal.BaseUrl));

    private static string LinkOf(PortalFactory portal, Invite invite) =>
        portal.Services.GetRequiredService<InviteCodes>().TryUrlFor(invite, new Uri(OutboxPortals.PublicBaseUrl))!;

    [Fact]
    public async Task The_mail_has_text_html_with_an_inline_qr_of_the_link_and_an_ics_file_and_the_link_is_in_no_log()
    {
        await using var portals = new OutboxPortals();
        var portal = portals.Start();
        await portal.CreateAdministratorAsync();
        await OutboxPortals.UseSmtpAsync(portal, _server);
        var actor = await portal.ActorAsync();
        await portal.Services.GetRequiredService<InvitationTemplateService>().SaveAsync(actor, "Invitation to {room} for {name}",
            "Hello {name} <3,\n\nJoin {room}: {link}\nValid until {valid_until}.\n{contact}\n{organisation}");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<InviteService>().SaveSettingsAsync(actor, 30, "Call 0123 & ask", "Müller <Schule>"));
        }
        var invite = await OutboxPortals.InviteAsync(portal);
        var start = portal.Clock.GetUtcNow().AddDays(1);
        var (problems, result) = await portal.Services.GetRequiredService<InvitationOutbox>().SendInvitationAsync(actor, invite.Id,
            new SendInvitationForm { Recipient = "kim@example.org", StartsAt = start, DurationMinutes = 90 }, new Uri(portal.BaseUrl));
        Assert.Empty(problems);
        Assert.Equal(1, result!.Queued);

        await OutboxPortals.UntilAsync(() => Task.FromResult(!_server.Received.IsEmpty), portal);

        var link = LinkOf(portal, invite);
        var (mail, _, _) = Assert.Single(_server.Received);
        var row = Assert.Single(await OutboxPortals.MessagesAsync(portal));
        Assert.Equal((OutboxState.Sent, 1), (row.State, row.Attempts));
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.Equal("kim@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Invitation to outbox-room for Ann", mail.Subject);

        var mixed = Assert.IsType<Multipart>(mail.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        var text = Assert.IsType<TextPart>(alternative[0]);
        Assert.Equal("text/plain", text.ContentType.MimeType);
        Assert.Equal($"Hello Ann <3,\n\nJoin outbox-room: {link}\nValid until {InvitationComposer.ValidUntil(invite.ValidUntil)}.\nCall 0123 & ask\nMüller <Schule>",
            text.Text.Replace("\r\n", "\n").TrimEnd());
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        var html = Assert.IsType<TextPart>(related.Root);
        Assert.Equal("text/html", html.ContentType.MimeType);
        Assert.Contains("Hello Ann &lt;3,", html.Text);
        Assert.Contains("Call 0123 &amp; ask<br>", html.Text);
        Assert.Contains("&lt;Schule&gt;", html.Text);
        Assert.DoesNotContain("<Schule>", html.Text);
        Assert.Contains($"<a href=\"{link}\">{link}</a>", html.Text);
        var image = Assert.IsType<MimePart>(Assert.Single(related, part => part != related.Root));
        Assert.Equal("image/png", image.ContentType.MimeType);
        Assert.Contains($"src=\"cid:{image.ContentId}\"", html.Text);
        using var png = new MemoryStream();
        await image.Content!.DecodeToAsync(png);
        Assert.Equal(link, await QrCodeReader.DecodePngDataUriAsync("data:image/png;base64," + Convert.ToBase64String(png.ToArray()), "invitation-qr"));

        var ics = Assert.IsAssignableFrom<MimePart>(mixed[1]);
        Assert.Equal(("text/calendar", "PUBLISH", "invitation.ics"), (ics.ContentType.MimeType, ics.ContentType.Parameters["method"], ics.FileName));
        using var file = new MemoryStream();
        await ics.Content!.DecodeToAsync(file);
        var calendarText = System.Text.Encoding.UTF8.GetString(file.ToArray());
        Assert.DoesNotContain("\n", calendarText.Replace("\r\n", ""));
        Assert.All(calendarText.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var calendarEvent = Assert.Single(Ical.Net.Calendar.Load(calendarText)!.Events);
        Assert.Equal(new Uri(link), calendarEvent.Url);
        Assert.Contains(link, calendarEvent.Description);
        Assert.True(calendarEvent.DtStart!.IsUtc);
        Assert.Equal(start.UtcDateTime, calendarEvent.DtStart.AsUtc, TimeSpan.FromSeconds(1));
        Assert.Equal(start.AddMinutes(90).UtcDateTime, calendarEvent.DtEnd!.AsUtc, TimeSpan.FromSeconds(1));

        await using var db = await OutboxPortals.Database(portal);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.InviteId == invite.Id).ToListAsync();
        Assert.Contains(audit, e => e.Kind == AuditKinds.InvitationQueued && e.Detail == "To kim@example.org");
        var attempt = Assert.Single(audit, e => e.Kind == AuditKinds.InvitationSendAttempt);
        Assert.Equal("ok", attempt.Outcome);
        Assert.StartsWith("To kim@example.org, attempt 1: Sent.", attempt.Detail);
        var code = link[(link.LastIndexOf('/') + 1)..];
        Assert.DoesNotContain(audit, e => (e.Detail ?? "").Contains(code, StringComparison.Ordinal));
        Assert.Contains(portal.Logs.Lines, line => line.Contains($"Invitation e-mail {row.MessageId}", StringComparison.Ordinal));
        Assert.DoesNotContain(portal.Logs.Lines, line => line.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_public_base_url_the_link_uses_the_address_staff_reached_the_portal_on()
    {
        await using var portals = new OutboxPortals();
        var portal = portals.Start(publicBaseUrl: null);
        await portal.CreateAdministratorAsync();
        await OutboxPortals.UseSmtpAsync(portal, _server);
        var invite = await OutboxPortals.InviteAsync(portal);
        var staffAddress = new Uri("http://portal.lan:8080/");

        var queued = await portal.Services.GetRequiredService<InvitationOutbox>().QueueAsync(await portal.ActorAsync(), [invite.Id], staffAddress);
        Assert.Equal(1, queued.Queued);
        await OutboxPortals.UntilAsync(() => Task.FromResult(!_server.Received.IsEmpty), portal);

        var link = portal.Services.GetRequiredService<InviteCodes>().TryUrlFor(invite, staffAddress)!;
        Assert.StartsWith("http://portal.lan:8080/j/", link);
        var text = Assert.Single(_server.Received).Message.TextBody;
        Assert.Contains(link, text);
        Assert.EndsWith("@portal.lan", Assert.Single(await OutboxPortals.MessagesAsync(portal)).MessageId);
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_after_the_backoff_and_then_sent()
    {
        await using var portals = new OutboxPortals();
        var portal = portals.Start();
        await portal.CreateAdministratorAsync();
        await OutboxPortals.UseSmtpAsync(portal, _server);
        var invite = await OutboxPortals.InviteAsync(portal);
        _server.RefuseNext(451, "4.3.0 Try again later");

        Assert.Equal(1, (await QueueAsync(portal, invite.Id)).Queued);
        await OutboxPortals.UntilAsync(async () => (await OutboxPortals.MessagesAsync(portal)).Single().Attempts == 1, portal);
        var waiting = Assert.Single(await OutboxPortals.MessagesAsync(portal));
        Assert.Equal(OutboxState.Queued, waiting.State);
        Assert.Contains("451", waiting.LastAnswer);
        Assert.True(waiting.NextAttemptAt >= waiting.QueuedAt.AddMinutes(1), "the retry waits for the first backoff step");
        Assert.StartsWith("retrying", (await portal.Services.GetRequiredService<InvitationOutbox>().StatusForAsync([invite.Id]))[invite.Id].Badge(null));

        await OutboxPortals.UntilAsync(async () => (await OutboxPortals.MessagesAsync(portal)).Single().State == OutboxState.Sent, portal);
        Assert.Equal(2, (await OutboxPortals.MessagesAsync(portal)).Single().Attempts);
        Assert.Single(_server.Received);
        await using var db = await OutboxPortals.Database(portal);
        var attempts = await db.AuditEntries.AsNoTracking().Where(e => e.Kind == AuditKinds.InvitationSendAttempt).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["failed", "ok"], attempts.Select(e => e.Outcome));
        Assert.Contains("451", attempts[0].Detail);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_message_with_the_servers_answer()
    {
        await using var portals = new OutboxPortals();
        var portal = portals.Start();
        await portal.CreateAdministratorAsync();
        await OutboxPortals.UseSmtpAsync(portal, _server);
        var invite = await OutboxPortals.InviteAsync(portal);
        _server.RefuseNext(550, "5.1.1 Mailbox unavailable");

        await QueueAsync(portal, invite.Id);
        await OutboxPortals.UntilAsync(async () => (await OutboxPortals.MessagesAsync(portal)).Single().State != OutboxState.Queued, portal);

        var row = Assert.Single(await OutboxPortals.MessagesAsync(portal));
        Assert.Equal((OutboxState.Failed, 1), (row.State, row.Attempts));
        Assert.Contains("550 5.1.1 Mailbox unavailable", row.LastAnswer);
        var status = (await portal.Services.GetRequiredService<InvitationOutbox>().StatusForAsync([invite.Id]))[invite.Id];
        Assert.Equal("failed", status.Badge(null));
        Assert.Contains("5.1.1 Mailbox unavailable", status.Describe(null));
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task Without_smtp_settings_messages_wait_and_are_sent_by_a_restarted_portal_once_e_mail_is_set_up()
    {
        await using var portals = new OutboxPortals();
        var first = portals.Start();
        await first.CreateAdministratorAsync();
        var invites = new[] { await OutboxPortals.InviteAsync(first), await OutboxPortals.InviteAsync(first, email: null) };

        var queued = await QueueAsync(first, invites.Select(i => i.Id).ToArray());
        Assert.Equal((1, 1), (queued.Queued, queued.WithoutEmail));
        var outbox = first.Services.GetRequiredService<InvitationOutbox>();
        Assert.Equal(InvitationOutbox.NotSetUp, await outbox.BlockedBecauseAsync());
        Assert.Equal("Waiting: " + InvitationOutbox.NotSetUp, (await outbox.StatusForAsync([invites[0].Id]))[invites[0].Id].Describe(InvitationOutbox.NotSetUp));
        await first.DisposeAsync();

        var second = portals.Start();
        await OutboxPortals.UseSmtpAsync(second, _server);
        await OutboxPortals.UntilAsync(() => Task.FromResult(!_server.Received.IsEmpty), second);

        var row = Assert.Single(await OutboxPortals.MessagesAsync(second));
        Assert.Equal(OutboxState.Sent, row.State);
        Assert.Equal(row.MessageId, Assert.Single(_server.Received).Message.MessageId);
    }

    [Fact]
    public async Task Two_instances_on_one_database_send_each_message_exactly_once()
    {
        await using var portals = new OutboxPortals();
        var first = portals.Start();
        var second = portals.Start();
        await first.CreateAdministratorAsync();
        await OutboxPortals.UseSmtpAsync(first, _server);
        var ids = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await OutboxPortals.InviteAsync(first, $"person{i}@example.org")).Id);
        }
        // Queued straight into the table, so neither instance is woken first: both find them at their next poll.
        await using (var db = await OutboxPortals.Database(first))
        {
            var now = first.Clock.GetUtcNow();
            db.OutboxMessages.AddRange(ids.Select(id => new OutboxMessage
            {
                InviteId = id, Recipient = $"person{id}@example.org", BaseUrl = OutboxPortals.PublicBaseUrl, QueuedBy = PortalFactory.AdminEmail, QueuedAt = now, NextAttemptAt = now,
                MessageId = $"{Guid.NewGuid():N}@portal.example.test",
            }));
            await db.SaveChangesAsync();
        }

        await OutboxPortals.UntilAsync(async () => (await OutboxPortals.MessagesAsync(first)).All(m => m.State == OutboxState.Sent), first, second);

        var sent = (await OutboxPortals.MessagesAsync(first)).Select(m => m.MessageId).Order().ToList();
        Assert.Equal(sent, _server.Received.Select(r => r.Message.MessageId ?? "").Order().ToList());
        Assert.All(await OutboxPortals.MessagesAsync(first), m => Assert.Equal(1, m.Attempts));
    }
}
