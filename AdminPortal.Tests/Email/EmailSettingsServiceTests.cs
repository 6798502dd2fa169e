using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Email;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Email;

/// <summary>The settings in the real portal: the password sealed and write-only (kept, replaced, removed), audited without it, never logged.</summary>
public sealed class EmailSettingsServiceTests
{
    private const string Password = "smtp-secret-9d3b7a51e2";

    private static EmailSettingsService Settings(PortalFactory portal) => portal.Services.GetRequiredService<EmailSettingsService>();

    private static EmailSettingsForm Form(SmtpTestServer server, string password = "") => new()
    {
        Host = server.Host, Port = server.Port, Security = SmtpSecurity.None, UserName = "mailer", NewPassword = password,
        SenderName = "Training team", SenderAddress = "portal@example.com", ReplyTo = "help@example.com",
    };

    private static async Task<EmailServerSettings> RowAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().EmailServerSettings.AsNoTracking().SingleAsync();
    }

    [Fact]
    public async Task The_password_is_sealed_audited_without_it_kept_when_left_empty_and_never_logged_or_rendered()
    {
        await using var server = await SmtpTestServer.StartAsync(("mailer", Password));
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var actor = await portal.ActorAsync();
        var form = Form(server, Password);
        Assert.Empty(await Settings(portal).SaveAsync(actor, form));
        Assert.Equal("", form.NewPassword); // cleared after a save

        var row = await RowAsync(portal);
        Assert.NotNull(row.SealedPassword);
        Assert.DoesNotContain(Password, row.SealedPassword);
        Assert.Equal((server.Host, PortalFactory.AdminEmail), (row.Host, row.ChangedBy));
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries
                .SingleAsync(e => e.Kind == AuditKinds.EmailSettingsChanged);
            Assert.Equal($"E-mail settings: host (none) → \"{server.Host}\"; port and security 587 StartTls → {server.Port} None; user name (none) → \"mailer\"; " +
                "password replaced; sender name (none) → \"Training team\"; sender address (none) → \"portal@example.com\"; reply-to (none) → \"help@example.com\"",
                audit.Detail);
        }

        // Leave empty to keep: the test e-mail signs in with the stored password.
        var kept = await Settings(portal).SendTestAsync(actor, Form(server), "me@example.org");
        Assert.True(kept.Sent, kept.Message);
        Assert.Equal(("mailer", Password), server.SignIns.Single());
        var view = await Settings(portal).GetAsync(actor);
        Assert.True(view.PasswordSet);
        Assert.Equal("", view.Form.NewPassword);

        using var http = new PortalHttp(portal);
        await http.SignInAsync();
        var page = await (await http.GetAsync("settings/email")).Content.ReadAsStringAsync();
        Assert.Contains("Type a new password to replace it; leave empty to keep it.", page);
        Assert.DoesNotContain(Password, page);
        Assert.DoesNotContain(portal.Logs.Lines, line => line.Contains(Password));
        Assert.Contains(portal.Logs.Lines, line => line.Contains("Test e-mail to me@example.org via") && line.Contains(": Sent"));
    }

    [Fact]
    public async Task The_password_can_be_removed_and_a_typed_one_wins_over_removal()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var actor = await portal.ActorAsync();
        Assert.Empty(await Settings(portal).SaveAsync(actor, Form(server, Password)));

        var clearing = Form(server);
        clearing.ClearPassword = true;
        Assert.Empty(await Settings(portal).SaveAsync(actor, clearing));
        Assert.Null((await RowAsync(portal)).SealedPassword);
        Assert.False((await Settings(portal).GetAsync(actor)).PasswordSet);
        var configuration = await Settings(portal).GetConfigurationAsync();
        Assert.NotNull(configuration);
        Assert.Null(configuration.Endpoint.Password);

        var replacing = Form(server, "a-new-password-42");
        replacing.ClearPassword = true;
        Assert.Empty(await Settings(portal).SaveAsync(actor, replacing));
        Assert.Equal("a-new-password-42", (await Settings(portal).GetConfigurationAsync())!.Endpoint.Password);
    }

    [Fact]
    public async Task The_test_e_mail_arrives_from_the_sender_with_reply_to_and_failures_carry_the_server_s_answer()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var actor = await portal.ActorAsync();
        var form = Form(server);
        form.UserName = "";

        var sent = await Settings(portal).SendTestAsync(actor, form, "tester@example.org");
        Assert.True(sent.Sent, sent.Message);
        var (message, _, _) = Assert.Single(server.Received);
        Assert.Equal("\"Training team\" <portal@example.com>", message.From.ToString());
        Assert.Equal("help@example.com", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("tester@example.org", message.To.Mailboxes.Single().Address);
        Assert.Equal("AdminPortal test e-mail", message.Subject);
        Assert.Contains($"sent by {PortalFactory.AdminEmail}", message.TextBody);

        server.RefuseNext(550, "5.7.1 Relaying denied");
        var refused = await Settings(portal).SendTestAsync(actor, form, "tester@example.org");
        Assert.Equal("The server refused the message: 550 5.7.1 Relaying denied", refused.Message);

        var invalid = await Settings(portal).SendTestAsync(actor, form, "nobody");
        Assert.Equal("Not sent: The test recipient is not a valid e-mail address (write it as name@example.com, without a display name).", invalid.Message);
        Assert.Single(server.Received);
    }

    [Theory]
    [InlineData(StaffRoles.Moderator)]
    [InlineData(StaffRoles.Helpdesk)]
    public async Task Moderators_and_helpdesk_cannot_open_save_or_test_the_settings(string role)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        var email = $"{role.ToLowerInvariant()}@example.test";
        await portal.CreateStaffAsync(email, role);
        using var http = new PortalHttp(portal);
        await http.SignInAsync(email);
        var response = await http.GetAsync("settings/email");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Send test e-mail", await response.Content.ReadAsStringAsync());
        var actor = await portal.ActorAsync(email);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Settings(portal).SaveAsync(actor, Form(server)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Settings(portal).SendTestAsync(actor, Form(server), email));
        Assert.Empty(server.Received);
    }
}
