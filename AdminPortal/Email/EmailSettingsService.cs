using System.Security.Cryptography;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Hosting;
using AdminPortal.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace AdminPortal.Email;

/// <summary>What <c>/settings/email</c> shows: the saved values, and the password only as set or not.</summary>
public sealed record EmailSettingsView(
    EmailSettingsForm Form, bool PasswordSet, bool PasswordUnreadable, DateTimeOffset? PasswordChangedAt, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>The saved settings ready to send with: the server, and the From and Reply-To every mail carries.</summary>
public sealed record EmailConfiguration(SmtpEndpoint Endpoint, MailboxAddress From, MailboxAddress? ReplyTo)
{
    /// <summary>A new message from the configured sender (with Reply-To when set) to <paramref name="to"/>.</summary>
    public MimeMessage NewMessage(MailboxAddress to, string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(From);
        if (ReplyTo is not null)
        {
            message.ReplyTo.Add(ReplyTo);
        }
        message.To.Add(to);
        return message;
    }
}

/// <summary>
/// The SMTP settings kept in the database (one row): shown without the password, saved with the password sealed and the change
/// audited, and tried with <b>Send test e-mail</b>. Later features read <see cref="GetConfigurationAsync"/> to send.
/// </summary>
public sealed partial class EmailSettingsService(
    IDbContextFactory<ApplicationDbContext> databases, IDataProtectionProvider protection, LogRedaction redaction, AuditLog audit,
    TimeProvider time, EmailSender sender, ILogger<EmailSettingsService> logger)
{
    private readonly IDataProtector _sealer = protection.CreateProtector("AdminPortal.Email.SmtpPassword");

    /// <summary>The page's view (Administrators only).</summary>
    public async Task<EmailSettingsView> GetAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        var row = await ReadAsync(cancellationToken);
        if (row is null)
        {
            return new(new EmailSettingsForm(), false, false, null, null, null);
        }
        var form = new EmailSettingsForm
        {
            Host = row.Host ?? "", Port = row.Port, Security = row.Security, UserName = row.UserName ?? "",
            SenderName = row.SenderName ?? "", SenderAddress = row.SenderAddress ?? "", ReplyTo = row.ReplyTo ?? "",
        };
        var unreadable = row.SealedPassword is not null && Unseal(row.SealedPassword) is null;
        return new(form, row.SealedPassword is not null, unreadable, row.PasswordChangedAt, row.ChangedAt, row.ChangedBy);
    }

    /// <summary>The saved settings to send with, or null when none are saved (e-mail is not set up).</summary>
    public async Task<EmailConfiguration?> GetConfigurationAsync(CancellationToken cancellationToken = default)
    {
        var row = await ReadAsync(cancellationToken);
        return row is { Host: { } host, SenderAddress: { } from }
            ? Configuration(host, row.Port, row.Security, row.UserName, Unseal(row.SealedPassword), row.SenderName, from, row.ReplyTo)
            : null;
    }

    /// <summary>
    /// Sends a short test message to <paramref name="recipient"/> with the typed values (the stored password when none is typed and
    /// it is not being cleared), so settings can be tried before they are saved. Administrators only.
    /// </summary>
    public async Task<EmailSendResult> SendTestAsync(StaffActor actor, EmailSettingsForm form, string recipient, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        var problems = EmailSettingsRules.Check(form);
        if (EmailSettingsRules.AddressProblem("The test recipient", recipient) is { } badRecipient)
        {
            problems["TestRecipient"] = badRecipient;
        }
        if (problems.Count > 0)
        {
            return new(EmailDelivery.PermanentFailure, "Not sent: " + string.Join(" ", problems.Values));
        }
        var password = form.NewPassword.Length > 0 ? form.NewPassword
            : form.ClearPassword ? null : Unseal((await ReadAsync(cancellationToken))?.SealedPassword);
        var configuration = Configuration(form.Host, form.Port, form.Security, form.UserName, password, form.SenderName, form.SenderAddress, form.ReplyTo);
        var message = configuration.NewMessage(MailboxAddress.Parse(recipient.Trim()), "AdminPortal test e-mail");
        message.Body = new TextPart("plain")
        {
            Text = $"This is a test e-mail from AdminPortal, sent by {actor.Email} at {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC.\r\n" +
                "It arrived, so the portal can send e-mail with these settings.\r\n",
        };
        var result = await sender.SendAsync(configuration.Endpoint, message, cancellationToken);
        logger.LogInformation("Test e-mail to {Recipient} via {Endpoint} by {Actor}: {Delivery}", recipient.Trim(), configuration.Endpoint, actor.Email, result.Delivery);
        return result;
    }

    private EmailConfiguration Configuration(string host, int port, SmtpSecurity security, string? userName, string? password,
        string? senderName, string senderAddress, string? replyTo)
    {
        redaction.AddSecret(password);
        var endpoint = new SmtpEndpoint(host.Trim(), port, security, string.IsNullOrWhiteSpace(userName) ? null : userName.Trim(), password);
        var from = new MailboxAddress(string.IsNullOrWhiteSpace(senderName) ? null : senderName.Trim(), senderAddress.Trim());
        return new(endpoint, from, string.IsNullOrWhiteSpace(replyTo) ? null : MailboxAddress.Parse(replyTo.Trim()));
    }

    private async Task<EmailServerSettings?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.EmailServerSettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The stored password, or null when none is stored or this key ring cannot read it (then it must be entered again).</summary>
    private string? Unseal(string? sealedPassword)
    {
        if (sealedPassword is null)
        {
            return null;
        }
        try
        {
            var password = _sealer.Unprotect(sealedPassword);
            redaction.AddSecret(password);
            return password;
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The saved SMTP password cannot be read with this key ring: an Administrator must enter it again on /settings/email");
            return null;
        }
    }

    private static void EnsureAdministrator(StaffActor actor)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException("Only Administrators can see, test or change the e-mail settings.");
        }
    }
}
