using AdminPortal.Audit;
using AdminPortal.Components.Pages.Settings;
using AdminPortal.Email;
using AdminPortal.Hosting;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Email;

/// <summary>The /settings/email page over a real database and a real SMTP server: labels, messages next to fields, the test e-mail's outcome.</summary>
public sealed class EmailSettingsPageTests : PortalBunitContext, IClassFixture<SmtpTestServerFixture>
{
    private const string Password = "page-secret-4e8f21c7";
    private readonly SmtpTestServer _server;

    public EmailSettingsPageTests(SmtpTestServerFixture smtp) : base(JSRuntimeMode.Loose)
    {
        _server = smtp.Fresh();
        AddStaff(StaffRoles.Administrator);
        Authorization!.SetPolicies(StaffRoles.Administrator);
        Services.AddSingleton(new LogRedaction(new ConfigurationBuilder().Build()));
        Services.AddSingleton<EmailSender>();
        Services.AddSingleton<EmailSettingsService>();
        Services.AddSingleton<AdminPortal.Email.Invitations.InvitationTemplateService>(); // the page's "Invitation e-mail" section
    }

    private IRenderedComponent<EmailSettingsPage> RenderPage()
    {
        var cut = RenderWithPopovers<EmailSettingsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("input#email-host")));
        return cut;
    }

    private void FillServer(IRenderedComponent<EmailSettingsPage> cut)
    {
        cut.Find("input#email-host").Change(_server.Host);
        cut.Find("input#email-port").Change(_server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("input#security-none").Click();
        cut.Find("input#email-senderaddress").Change("portal@example.com");
    }

    private static string LabelOf(IRenderedComponent<EmailSettingsPage> cut, string inputId) =>
        cut.Find($"input#{inputId}").Closest(".mud-input-control")!.QuerySelector("label")!.TextContent.Trim();

    [Fact]
    public void Every_field_has_a_label_and_the_test_goes_to_the_signed_in_administrator_by_default()
    {
        var cut = RenderPage();
        Assert.Equal("SMTP server", LabelOf(cut, "email-host"));
        Assert.Equal("Port", LabelOf(cut, "email-port"));
        Assert.Equal("User name (optional)", LabelOf(cut, "email-username"));
        Assert.Equal("Sender name (optional)", LabelOf(cut, "email-sendername"));
        Assert.Equal("Sender address", LabelOf(cut, "email-senderaddress"));
        Assert.Equal("Reply-to address (optional)", LabelOf(cut, "email-replyto"));
        Assert.Equal("Password", cut.Find("label[for=email-password]").TextContent);
        Assert.Equal("Security", cut.Find("#security-label").TextContent);
        Assert.Equal("Not set.", cut.Find("#password-status").TextContent);
        Assert.Equal(StaffEmail, cut.Find("input#test-recipient").GetAttribute("value"));
    }

    [Fact]
    public void Bad_values_show_their_message_next_to_the_field_and_nothing_is_saved()
    {
        var cut = RenderPage();
        cut.Find("input#email-host").Change("smtp://mail.example.com");
        cut.Find("input#email-port").Change("70000");
        cut.Find("input#email-senderaddress").Change("Portal <portal@example.com>");
        cut.Find("#save-email").Click();

        cut.WaitForAssertion(() => Assert.Equal("Enter only a host name or IP address (no scheme, port or path), e.g. smtp.example.com.",
            ValidationMessage(cut, "email-host")));
        Assert.Equal("The port must be between 1 and 65535 (usually 587 for STARTTLS, 465 for SSL/TLS, 25 without).", ValidationMessage(cut, "email-port"));
        Assert.Equal("The sender address is not a valid e-mail address (write it as name@example.com, without a display name).",
            ValidationMessage(cut, "email-senderaddress"));
        Assert.Null(ValidationMessage(cut, "email-replyto"));
        Assert.DoesNotContain(AuditEntries(), e => e.Kind == AuditKinds.EmailSettingsChanged);
    }

    [Fact]
    public void Saving_seals_the_password_empties_its_field_and_audits_without_it_and_no_encryption_warns()
    {
        var cut = RenderPage();
        FillServer(cut);
        cut.Find("input#email-username").Change("mailer");
        Assert.Empty(cut.FindAll("#plain-password-warning"));
        cut.Find("#email-password").Change(Password);
        cut.WaitForAssertion(() => Assert.Equal(EmailSettingsRules.PlainPasswordWarning, cut.Find("#plain-password-warning").TextContent.Trim()));
        cut.Find("#save-email").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("Set (changed ", cut.Find("#password-status").TextContent));
        Assert.Null(cut.Find("#email-password").GetAttribute("value"));
        Assert.DoesNotContain(Password, cut.Markup);
        Assert.Equal("Type a new password to replace it; leave empty to keep it.", cut.Find("#password-help").TextContent);
        Assert.NotNull(cut.Find("#email-clear-password"));
        var audit = Assert.Single(AuditEntries(), e => e.Kind == AuditKinds.EmailSettingsChanged);
        Assert.Contains("password replaced", audit.Detail);
        Assert.DoesNotContain(Password, audit.Detail);
        Assert.Equal(StaffEmail, audit.Actor);
    }

    [Fact]
    public void Send_test_e_mail_shows_success_with_the_server_s_answer_then_a_refusal_in_words()
    {
        var cut = RenderPage();
        FillServer(cut);
        cut.Find("input#test-recipient").Change("tester@example.org");
        var hold = _server.HoldNext();
        cut.Find("#send-test").Click();

        // While the server has not answered: a spinner in the disabled button, no result yet.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#test-spinner")));
        Assert.Contains("Sending", cut.Find("#send-test").TextContent);
        Assert.True(cut.Find("#send-test").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("#test-result"));
        hold.SetResult();

        cut.WaitForAssertion(() => Assert.StartsWith("Sent. The server answered:", cut.Find("#test-result").TextContent.Trim()));
        Assert.Contains("mud-alert-text-success", cut.Find("#test-result").ClassName);
        Assert.Empty(cut.FindAll("#test-spinner"));
        Assert.Equal("tester@example.org", Assert.Single(_server.Received).Message.To.Mailboxes.Single().Address);

        _server.RefuseNext(451, "4.7.1 Greylisted, come back in 5 minutes");
        cut.Find("#send-test").Click();
        cut.WaitForAssertion(() => Assert.Equal(
            "The server refused the message: 451 4.7.1 Greylisted, come back in 5 minutes (temporary; trying again later may work)",
            cut.Find("#test-result").TextContent.Trim()));
        Assert.Contains("mud-alert-text-error", cut.Find("#test-result").ClassName);
    }

    [Fact]
    public void A_bad_test_address_is_shown_next_to_its_field_and_nothing_is_sent()
    {
        var cut = RenderPage();
        FillServer(cut);
        cut.Find("input#test-recipient").Change("nobody");
        cut.Find("#send-test").Click();

        cut.WaitForAssertion(() => Assert.Equal("The address is not a valid e-mail address (write it as name@example.com, without a display name).",
            ValidationMessage(cut, "test-recipient")));
        Assert.Empty(cut.FindAll("#test-result"));
        Assert.Empty(_server.Received);
    }
}
