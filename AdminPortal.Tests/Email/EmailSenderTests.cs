using AdminPortal.Email;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace AdminPortal.Tests.Email;

/// <summary>The MailKit sender against a real SMTP server on loopback: security, sign-in, and every failure in words.</summary>
public sealed class EmailSenderTests
{
    private const string Password = "smtp-pass-7c1e9a04b2";

    private static EmailSender Sender(SmtpTestServer? server = null) => new(NullLogger<EmailSender>.Instance)
    {
        // Trusts exactly the test server's self-signed certificate, nothing else.
        CertificateValidation = (_, certificate, _, _) => server?.Certificate is { } own && certificate?.GetCertHashString() == own.Thumbprint,
    };

    private static MimeMessage Message(string subject = "Hello")
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Portal", "portal@example.com"));
        message.To.Add(new MailboxAddress(null, "someone@example.org"));
        message.Body = new TextPart("plain") { Text = "Body text" };
        return message;
    }

    private static SmtpEndpoint Plain(SmtpTestServer server, string? user = null, string? password = null) =>
        new(server.Host, server.Port, SmtpSecurity.None, user, password);

    [Fact]
    public async Task A_message_arrives_over_a_plain_connection_with_its_from_to_and_subject()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var result = await Sender().SendAsync(Plain(server), Message("Plain hello"));

        Assert.True(result.Sent, result.Message);
        Assert.Equal(250, result.ServerStatus);
        var (received, secure, _) = Assert.Single(server.Received);
        Assert.False(secure);
        Assert.Equal("Plain hello", received.Subject);
        Assert.Equal("\"Portal\" <portal@example.com>", received.From.ToString());
        Assert.Equal("someone@example.org", received.To.Mailboxes.Single().Address);
    }

    [Theory]
    [InlineData(false, SmtpSecurity.StartTls)]
    [InlineData(true, SmtpSecurity.SslOnConnect)]
    public async Task A_message_arrives_encrypted_with_starttls_or_tls_on_connect(bool tlsOnConnect, SmtpSecurity security)
    {
        await using var server = await SmtpTestServer.StartAsync(("mailer", Password), tls: true, tlsOnConnect: tlsOnConnect);
        var result = await Sender(server).SendAsync(new SmtpEndpoint("localhost", server.Port, security, "mailer", Password), Message("Secure hello"));

        Assert.True(result.Sent, result.Message);
        var (received, secure, user) = Assert.Single(server.Received);
        Assert.True(secure);
        Assert.Equal(("Secure hello", "mailer"), (received.Subject, user));
    }

    [Fact]
    public async Task An_untrusted_certificate_is_a_permanent_tls_failure()
    {
        await using var server = await SmtpTestServer.StartAsync(tls: true);
        var result = await Sender().SendAsync(new SmtpEndpoint("localhost", server.Port, SmtpSecurity.StartTls, null, null), Message());

        Assert.Equal(EmailDelivery.PermanentFailure, result.Delivery);
        Assert.StartsWith($"The TLS handshake with localhost:{server.Port} failed:", result.Message);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Starttls_asked_of_a_server_that_does_not_offer_it_is_refused_in_words()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var result = await Sender().SendAsync(new SmtpEndpoint(server.Host, server.Port, SmtpSecurity.StartTls, null, null), Message());

        Assert.Equal(EmailDelivery.PermanentFailure, result.Delivery);
        Assert.Contains("STARTTLS", result.Message);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Signing_in_with_the_right_password_sends_and_a_wrong_one_is_refused_without_showing_it()
    {
        await using var server = await SmtpTestServer.StartAsync(("mailer", Password));
        Assert.True((await Sender().SendAsync(Plain(server, "mailer", Password), Message())).Sent);
        Assert.Equal(("mailer", Password), server.SignIns.Single());

        const string wrong = "wrong-password-31337";
        var refused = await Sender().SendAsync(Plain(server, "mailer", wrong), Message());
        Assert.Equal(EmailDelivery.PermanentFailure, refused.Delivery);
        Assert.StartsWith("The server refused the user name or password:", refused.Message);
        Assert.Contains("535", refused.Message + refused.ServerAnswer + refused.ServerStatus);
        Assert.DoesNotContain(wrong, refused.Message);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task A_451_is_temporary_and_a_550_permanent_each_with_the_server_s_text()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.RefuseNext(451, "4.3.0 Mailbox busy, try later");
        var busy = await Sender().SendAsync(Plain(server), Message());
        Assert.Equal((EmailDelivery.TemporaryFailure, 451), (busy.Delivery, busy.ServerStatus));
        Assert.Equal("The server refused the message: 451 4.3.0 Mailbox busy, try later (temporary; trying again later may work)", busy.Message);

        // Refused once: the next attempt goes through.
        Assert.True((await Sender().SendAsync(Plain(server), Message())).Sent);

        server.RefuseNext(550, "5.7.1 Sender not allowed");
        var refused = await Sender().SendAsync(Plain(server), Message());
        Assert.Equal((EmailDelivery.PermanentFailure, 550), (refused.Delivery, refused.ServerStatus));
        Assert.Equal("The server refused the message: 550 5.7.1 Sender not allowed", refused.Message);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_a_temporary_failure_that_says_connection_refused()
    {
        var port = SmtpTestServer.FreePort();
        var result = await Sender().SendAsync(new SmtpEndpoint("127.0.0.1", port, SmtpSecurity.None, "mailer", Password), Message());

        Assert.Equal(EmailDelivery.TemporaryFailure, result.Delivery);
        Assert.Equal($"Nothing accepts connections at 127.0.0.1:{port} (connection refused). Check the host name and port.", result.Message);
    }

    [Fact]
    public void The_endpoint_never_prints_its_password()
    {
        var endpoint = new SmtpEndpoint("smtp.example.com", 587, SmtpSecurity.StartTls, "mailer", Password);
        Assert.Equal("smtp.example.com:587 (StartTls, user mailer)", endpoint.ToString());
    }
}
