using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, in the test process. It keeps what it receives
/// (parsed with MimeKit), can refuse the next messages with a given reply, require a user name and password, and offer STARTTLS
/// or TLS-on-connect with a self-signed certificate made for the test.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<SmtpResponse> _refusals = new();
    private SmtpServer.SmtpServer? _server;
    private Task? _running;

    private SmtpTestServer(X509Certificate2? certificate) => Certificate = certificate;

    public string Host => "127.0.0.1";
    public int Port { get; private set; }

    /// <summary>The certificate the server presents, when it speaks TLS.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Every message accepted, as MimeKit parsed it, with whether it came over TLS.</summary>
    public ConcurrentQueue<(MimeMessage Message, bool Secure, string? User)> Received { get; } = new();

    /// <summary>Every user name and password a client signed in with (right or wrong).</summary>
    public ConcurrentQueue<(string User, string Password)> SignIns { get; } = new();

    /// <summary>
    /// Starts a server. <paramref name="account"/>: sign-in required with exactly these. <paramref name="tls"/>: a self-signed
    /// certificate is made; <paramref name="tlsOnConnect"/> true speaks TLS from the first byte, false offers STARTTLS.
    /// </summary>
    public static async Task<SmtpTestServer> StartAsync((string User, string Password)? account = null, bool tls = false, bool tlsOnConnect = false)
    {
        var server = new SmtpTestServer(tls ? SelfSignedCertificate() : null);
        await server.ListenAsync(account, tlsOnConnect);
        return server;
    }

    private volatile TaskCompletionSource? _hold;

    /// <summary>The next message waits for the answer until the returned source is completed (to see a page while it sends).</summary>
    public TaskCompletionSource HoldNext() => _hold = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SmtpTestServer Reset()
    {
        _refusals.Clear();
        _hold = null;
        Received.Clear();
        SignIns.Clear();
        return this;
    }

    /// <summary>The next message is answered with <paramref name="code"/> and <paramref name="text"/> instead of being accepted.</summary>
    public void RefuseNext(int code, string text) => _refusals.Enqueue(new SmtpResponse((SmtpReplyCode)code, text));

    private async Task ListenAsync((string User, string Password)? account, bool tlsOnConnect)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(tlsOnConnect)
                    .AuthenticationRequired(account is not null).AllowUnsecureAuthentication(true);
                if (Certificate is not null)
                {
                    endpoint.Certificate(Certificate);
                }
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new DelegatingUserAuthenticator((user, password) =>
        {
            SignIns.Enqueue((user, password));
            return account is { } expected && expected.User == user && expected.Password == password;
        }));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stopping.Token);
        // Bounded wait until the listener accepts (the package starts listening in the background).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// A port nothing listens on right now (also what the "connection refused" tests use), taken below Linux's ephemeral range
    /// (32768+): other fixtures ask the kernel for a free port and bind it seconds later (nginx after its two portals start), and
    /// an SMTP server started in between on the same port would take their place.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // taken: try another
            }
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=smtp.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // stopped as asked
            }
        }
        _stopping.Dispose();
        Certificate?.Dispose();
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref server._hold, null) is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
            if (server._refusals.TryDequeue(out var refusal))
            {
                return refusal;
            }
            using var stream = new MemoryStream(buffer.ToArray());
            server.Received.Enqueue((MimeMessage.Load(stream, cancellationToken), context.Pipe.IsSecure,
                context.Authentication.IsAuthenticated ? context.Authentication.User : null));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>One plain SMTP server shared by a test class (its tests run one after another); each test starts from <see cref="Fresh"/>.</summary>
public sealed class SmtpTestServerFixture : IAsyncLifetime
{
    private SmtpTestServer? _server;

    /// <summary>The server, with nothing received, no sign-ins and no refusals pending.</summary>
    public SmtpTestServer Fresh() => _server!.Reset();

    public async Task InitializeAsync() => _server = await SmtpTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
