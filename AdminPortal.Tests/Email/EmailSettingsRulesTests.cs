using AdminPortal.Email;

namespace AdminPortal.Tests.Email;

/// <summary>The SMTP settings' rules: each field's message, and the warning for a password sent without encryption.</summary>
public sealed class EmailSettingsRulesTests
{
    private static EmailSettingsForm Valid() => new()
    {
        Host = "smtp.example.com", Port = 587, Security = SmtpSecurity.StartTls, UserName = "mailer",
        SenderName = "Training team", SenderAddress = "portal@example.com", ReplyTo = "help@example.com",
    };

    [Fact]
    public void Valid_settings_have_no_problems()
    {
        Assert.Empty(EmailSettingsRules.Check(Valid()));
        Assert.Empty(EmailSettingsRules.Check(new EmailSettingsForm { Host = "127.0.0.1", Port = 25, Security = SmtpSecurity.None, SenderAddress = "a@localhost" }));
    }

    [Theory]
    [InlineData("", "Enter the SMTP server's host name, e.g. smtp.example.com.")]
    [InlineData("smtp://mail.example.com", "Enter only a host name or IP address (no scheme, port or path), e.g. smtp.example.com.")]
    [InlineData("mail.example.com:587", "Enter only a host name or IP address (no scheme, port or path), e.g. smtp.example.com.")]
    [InlineData("mail example.com", "Enter only a host name or IP address (no scheme, port or path), e.g. smtp.example.com.")]
    public void A_missing_or_malformed_host_is_named(string host, string message)
    {
        var form = Valid();
        form.Host = host;
        Assert.Equal(message, EmailSettingsRules.Check(form)[nameof(EmailSettingsForm.Host)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-25)]
    public void A_port_outside_1_to_65535_is_refused(int port)
    {
        var form = Valid();
        form.Port = port;
        Assert.Equal("The port must be between 1 and 65535 (usually 587 for STARTTLS, 465 for SSL/TLS, 25 without).",
            Assert.Single(EmailSettingsRules.Check(form)).Value);
    }

    [Theory]
    [InlineData("portal")]
    [InlineData("portal@")]
    [InlineData("Portal <portal@example.com>")]
    [InlineData("portal@example.com, other@example.com")]
    [InlineData("portal@intranet")]
    public void A_sender_address_must_be_one_plain_address(string address)
    {
        var form = Valid();
        form.SenderAddress = address;
        Assert.Equal("The sender address is not a valid e-mail address (write it as name@example.com, without a display name).",
            Assert.Single(EmailSettingsRules.Check(form)).Value);
    }

    [Fact]
    public void The_sender_address_is_required_and_reply_to_is_checked_only_when_given()
    {
        var form = Valid();
        (form.SenderAddress, form.ReplyTo) = ("", "not an address");
        var problems = EmailSettingsRules.Check(form);
        Assert.Equal("Enter the address mails come from, e.g. portal@example.com.", problems[nameof(EmailSettingsForm.SenderAddress)]);
        Assert.Equal("The reply-to address is not a valid e-mail address (write it as name@example.com, without a display name).", problems[nameof(EmailSettingsForm.ReplyTo)]);
        form.ReplyTo = "";
        Assert.Single(EmailSettingsRules.Check(form));
    }

    [Fact]
    public void Sender_name_and_password_lengths_and_a_name_on_two_lines_are_refused()
    {
        var form = Valid();
        (form.SenderName, form.NewPassword) = ("Team\r\nBcc: x@example.com", new string('p', 501));
        var problems = EmailSettingsRules.Check(form);
        Assert.Equal("The sender name must be on one line, without control characters.", problems[nameof(EmailSettingsForm.SenderName)]);
        Assert.Equal("The password must be at most 500 characters (you have 501).", problems[nameof(EmailSettingsForm.NewPassword)]);
    }

    [Theory]
    [InlineData(SmtpSecurity.None, "typed", false, false, true)]
    [InlineData(SmtpSecurity.None, "", true, false, true)]
    [InlineData(SmtpSecurity.None, "", true, true, false)]
    [InlineData(SmtpSecurity.None, "", false, false, false)]
    [InlineData(SmtpSecurity.StartTls, "typed", true, false, false)]
    [InlineData(SmtpSecurity.SslOnConnect, "typed", true, false, false)]
    public void The_plain_password_warning_shows_only_when_a_password_would_travel_unencrypted(
        SmtpSecurity security, string typed, bool stored, bool clearing, bool warned)
    {
        var form = Valid();
        (form.Security, form.NewPassword, form.ClearPassword) = (security, typed, clearing);
        Assert.Equal(warned, EmailSettingsRules.SendsPasswordInClear(form, stored));
    }
}
