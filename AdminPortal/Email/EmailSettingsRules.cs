using AdminPortal.JoinLinks;
using MimeKit;

namespace AdminPortal.Email;

/// <summary>What an Administrator types on <c>/settings/email</c>. <see cref="NewPassword"/> empty: keep the stored password.</summary>
public sealed class EmailSettingsForm
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string UserName { get; set; } = "";

    /// <summary>Write-only: a replacement password, cleared after every save.</summary>
    public string NewPassword { get; set; } = "";

    /// <summary>Remove the stored password (ignored when a new one is typed).</summary>
    public bool ClearPassword { get; set; }

    public string SenderName { get; set; } = "";
    public string SenderAddress { get; set; } = "";
    public string ReplyTo { get; set; } = "";
}

/// <summary>Checks typed SMTP settings; keys are the form's property names, messages are worded for the page.</summary>
public static class EmailSettingsRules
{
    public const int MaxHostLength = 253;
    public const int MaxUserNameLength = 200;
    public const int MaxPasswordLength = 500;
    public const int MaxSenderNameLength = 100;
    public const int MaxAddressLength = 254;

    /// <summary>Shown next to the security choice when the password would cross the network unencrypted.</summary>
    public const string PlainPasswordWarning =
        "With no encryption the user name and password cross the network in clear text. Use STARTTLS or SSL/TLS unless the server is on this machine or a trusted network.";

    /// <summary>Problems by form field (empty when the values may be saved or tested).</summary>
    public static Dictionary<string, string> Check(EmailSettingsForm form)
    {
        var problems = new Dictionary<string, string>();
        var host = form.Host.Trim();
        if (host.Length == 0)
        {
            problems[nameof(EmailSettingsForm.Host)] = "Enter the SMTP server's host name, e.g. smtp.example.com.";
        }
        else if (TextChecks.TooLong("The host name", host, MaxHostLength) is { } longHost)
        {
            problems[nameof(EmailSettingsForm.Host)] = longHost;
        }
        else if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problems[nameof(EmailSettingsForm.Host)] = "Enter only a host name or IP address (no scheme, port or path), e.g. smtp.example.com.";
        }
        if (form.Port is < 1 or > 65535)
        {
            problems[nameof(EmailSettingsForm.Port)] = "The port must be between 1 and 65535 (usually 587 for STARTTLS, 465 for SSL/TLS, 25 without).";
        }
        if (!Enum.IsDefined(form.Security))
        {
            problems[nameof(EmailSettingsForm.Security)] = "Choose STARTTLS, SSL/TLS or no encryption.";
        }
        AddTooLong(problems, nameof(EmailSettingsForm.UserName), "The user name", form.UserName.Trim(), MaxUserNameLength);
        AddTooLong(problems, nameof(EmailSettingsForm.NewPassword), "The password", form.NewPassword, MaxPasswordLength);
        var senderName = form.SenderName.Trim();
        if (AddTooLong(problems, nameof(EmailSettingsForm.SenderName), "The sender name", senderName, MaxSenderNameLength) is null
            && senderName.Any(char.IsControl))
        {
            problems[nameof(EmailSettingsForm.SenderName)] = "The sender name must be on one line, without control characters.";
        }
        if (form.SenderAddress.Trim().Length == 0)
        {
            problems[nameof(EmailSettingsForm.SenderAddress)] = "Enter the address mails come from, e.g. portal@example.com.";
        }
        else if (AddressProblem("The sender address", form.SenderAddress) is { } sender)
        {
            problems[nameof(EmailSettingsForm.SenderAddress)] = sender;
        }
        if (form.ReplyTo.Trim().Length > 0 && AddressProblem("The reply-to address", form.ReplyTo) is { } replyTo)
        {
            problems[nameof(EmailSettingsForm.ReplyTo)] = replyTo;
        }
        return problems;
    }

    /// <summary>
    /// Why <paramref name="value"/> is not one plain e-mail address (MimeKit's parser, strict; no display name, a dot in the domain
    /// unless it is <c>localhost</c>), or null.
    /// </summary>
    public static string? AddressProblem(string label, string value)
    {
        var text = value.Trim();
        if (TextChecks.TooLong(label, text, MaxAddressLength) is { } tooLong)
        {
            return tooLong;
        }
        if (!MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox) || mailbox.Name is { Length: > 0 }
            || mailbox.Address != text || mailbox.Domain is not { Length: > 0 } domain || (!domain.Contains('.') && domain != "localhost"))
        {
            return $"{label} is not a valid e-mail address (write it as name@example.com, without a display name).";
        }
        return null;
    }

    /// <summary>True when the stored or typed password would be sent without encryption.</summary>
    public static bool SendsPasswordInClear(EmailSettingsForm form, bool passwordStored) =>
        form.Security == SmtpSecurity.None && form.UserName.Trim().Length > 0
        && (form.NewPassword.Length > 0 || (passwordStored && !form.ClearPassword));

    private static string? AddTooLong(Dictionary<string, string> problems, string field, string label, string value, int max)
    {
        var problem = TextChecks.TooLong(label, value, max);
        if (problem is not null)
        {
            problems[field] = problem;
        }
        return problem;
    }
}
