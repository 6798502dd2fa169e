using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AdminPortal.Email;

/// <summary>Where and how to deliver: the SMTP server, its security and (optionally) the account to sign in with.</summary>
public sealed record SmtpEndpoint(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password)
{
    /// <summary>How long one delivery may take, from connecting to the server's answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Never shows the password (records print every property).</summary>
    public override string ToString() => $"{Host}:{Port} ({Security}{(string.IsNullOrEmpty(UserName) ? "" : ", user " + UserName)})";
}

/// <summary>The outcome of one delivery attempt; the kind of failure says whether retrying later may help.</summary>
public enum EmailDelivery
{
    Sent,

    /// <summary>A 4xx answer, a refused or broken connection or a timeout: retrying later may succeed.</summary>
    TemporaryFailure,

    /// <summary>A 5xx answer, refused credentials, a TLS failure: the same message will fail again until something is changed.</summary>
    PermanentFailure,
}

/// <summary>What happened, in words for staff, with the server's own status code and text when it answered.</summary>
public sealed record EmailSendResult(EmailDelivery Delivery, string Message, int? ServerStatus = null, string? ServerAnswer = null)
{
    public bool Sent => Delivery == EmailDelivery.Sent;
}

/// <summary>
/// Delivers one <see cref="MimeMessage"/> over SMTP with MailKit: connects with the chosen security, signs in when a user is set,
/// sends, and turns every failure into a <see cref="EmailSendResult"/> carrying the server's answer but never the password.
/// </summary>
public sealed class EmailSender(ILogger<EmailSender> logger)
{
    /// <summary>Tests trust their own self-signed certificate here; null: the system's trust store decides.</summary>
    internal RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>Sends <paramref name="message"/> through <paramref name="endpoint"/>; never throws for a network or server failure.</summary>
    public async Task<EmailSendResult> SendAsync(SmtpEndpoint endpoint, MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.Timeout);
        using var client = new SmtpClient { Timeout = (int)endpoint.Timeout.TotalMilliseconds };
        if (CertificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = CertificateValidation;
        }
        EmailSendResult result;
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, Options(endpoint.Security), timeout.Token);
            if (!string.IsNullOrEmpty(endpoint.UserName))
            {
                await client.AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "", timeout.Token);
            }
            var answer = await client.SendAsync(message, timeout.Token);
            result = new(EmailDelivery.Sent, $"Sent. The server answered: {answer}", 250, answer);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && SendFailures.Describe(ex, endpoint) is { } failure)
        {
            result = failure;
        }
        if (!result.Sent)
        {
            logger.LogWarning("E-mail via {Endpoint} not sent ({Delivery}): {Message}", endpoint, result.Delivery, result.Message);
        }
        return Hide(result, endpoint.Password);
    }

    private static SecureSocketOptions Options(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    // A server may echo what it was sent; the password never reaches the page or a later outbox row.
    private static EmailSendResult Hide(EmailSendResult result, string? password) =>
        string.IsNullOrEmpty(password) ? result : result with
        {
            Message = result.Message.Replace(password, "***", StringComparison.Ordinal),
            ServerAnswer = result.ServerAnswer?.Replace(password, "***", StringComparison.Ordinal),
        };
}

/// <summary>MailKit's and the network's exceptions, in words, sorted into temporary and permanent.</summary>
internal static class SendFailures
{
    public static EmailSendResult? Describe(Exception ex, SmtpEndpoint endpoint) => ex switch
    {
        SmtpCommandException command => Command(command),
        AuthenticationException auth => new(EmailDelivery.PermanentFailure,
            $"The server refused the user name or password: {auth.Message}", null, auth.Message),
        SslHandshakeException tls => new(EmailDelivery.PermanentFailure,
            $"The TLS handshake with {endpoint.Host}:{endpoint.Port} failed: {FirstLine(tls.Message)} " +
            "Check the security choice (STARTTLS for port 587, SSL/TLS for 465) and that the server's certificate is valid for this host name."),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new(EmailDelivery.TemporaryFailure,
            $"Nothing accepts connections at {endpoint.Host}:{endpoint.Port} (connection refused). Check the host name and port."),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => new(EmailDelivery.TemporaryFailure,
            $"The host name {endpoint.Host} could not be found (DNS). Check its spelling."),
        SocketException socket => new(EmailDelivery.TemporaryFailure,
            $"Could not reach {endpoint.Host}:{endpoint.Port}: {socket.Message}"),
        OperationCanceledException or TimeoutException => new(EmailDelivery.TemporaryFailure,
            $"The server at {endpoint.Host}:{endpoint.Port} did not answer within {endpoint.Timeout.TotalSeconds:0} seconds."),
        NotSupportedException unsupported => new(EmailDelivery.PermanentFailure,
            $"The server at {endpoint.Host}:{endpoint.Port} cannot do what the settings ask: {unsupported.Message}"),
        SmtpProtocolException or ServiceNotConnectedException or IOException => new(EmailDelivery.TemporaryFailure,
            $"The connection to {endpoint.Host}:{endpoint.Port} broke off: {FirstLine(ex.Message)}"),
        _ => null,
    };

    private static EmailSendResult Command(SmtpCommandException ex)
    {
        var status = (int)ex.StatusCode;
        var what = ex.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => $"refused the sender {ex.Mailbox?.Address}",
            SmtpErrorCode.RecipientNotAccepted => $"refused the recipient {ex.Mailbox?.Address}",
            SmtpErrorCode.MessageNotAccepted => "refused the message",
            _ => "refused the request",
        };
        var temporary = status is >= 400 and < 500;
        return new(temporary ? EmailDelivery.TemporaryFailure : EmailDelivery.PermanentFailure,
            $"The server {what}: {status} {ex.Message}{(temporary ? " (temporary; trying again later may work)" : "")}", status, ex.Message);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
