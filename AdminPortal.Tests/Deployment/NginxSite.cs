using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdminPortal.Tests.Deployment;

/// <summary>
/// Debian's nginx running the repository's own <c>deploy/nginx/adminportal.conf</c> on loopback ports, with its own prefix
/// directory, a self-signed certificate, and the upstream pointed at a test portal. Dispose stops it.
/// </summary>
internal sealed class NginxSite : IAsyncDisposable
{
    private const string SiteFile = "deploy/nginx/adminportal.conf";

    private readonly string _directory;

    private Process _nginx;

    private NginxSite(string directory, Process nginx, int httpPort, int httpsPort, X509Certificate2 certificate)
    {
        _directory = directory;
        _nginx = nginx;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
        Certificate = certificate;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    /// <summary>The certificate nginx presents; clients trust exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A free port on 127.0.0.1 (released at once, so nginx can take it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Renders the site for these ports and <paramref name="upstreams"/> (host:port each), starts nginx and waits until it accepts connections.</summary>
    public static async Task<NginxSite> StartAsync(int httpPort, int httpsPort, params string[] upstreams)
    {
        var directory = Directory.CreateTempSubdirectory("adminportal-nginx-").FullName;
        // Workers may run as another user (nobody when started as root): they must reach the temp paths below.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        var certificate = WriteCertificate(directory);
        File.WriteAllText(Path.Combine(directory, "adminportal.conf"), RenderSite(httpPort, httpsPort, upstreams, directory));
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            events { worker_connections 1024; }
            http {
                # Which instance answered each request, so tests can see how nginx spread the clients.
                log_format upstreams '$remote_addr $upstream_addr $status "$request"';
                access_log {{directory}}/access.log upstreams;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/adminportal.conf;
            }
            """);

        var site = new NginxSite(directory, Process.Start(Command(directory))!, httpPort, httpsPort, certificate);
        try
        {
            await site.WaitUntilListeningAsync();
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    /// <summary>The real site file with only what differs on a test machine replaced; each replacement must match, so a changed file fails loudly.</summary>
    private static string RenderSite(int httpPort, int httpsPort, string[] upstreams, string directory)
    {
        var site = File.ReadAllText(Path.Combine(RepositoryRoot(), SiteFile));
        site = Replace(site, "listen 80;", $"listen 127.0.0.1:{httpPort};");
        site = Replace(site, "listen [::]:80;", "");
        site = Replace(site, "listen 443 ssl;", $"listen 127.0.0.1:{httpsPort} ssl;");
        site = Replace(site, "listen [::]:443 ssl;", "");
        site = Replace(site, "server 127.0.0.1:5000;\n    server 127.0.0.1:5001;", string.Join("\n    ", upstreams.Select(u => $"server {u};")));
        // As the site's comment says for https on a port other than 443: the portal's redirects must keep the test port.
        site = Replace(site, "Host              $host;", "Host              $host:$server_port;");
        site = Replace(site, "X-Forwarded-Host  $host;", "X-Forwarded-Host  $host:$server_port;");
        site = Replace(site, "/etc/letsencrypt/live/portal.example.com/fullchain.pem", Path.Combine(directory, "cert.pem"));
        return Replace(site, "/etc/letsencrypt/live/portal.example.com/privkey.pem", Path.Combine(directory, "key.pem"));
    }

    private static string Replace(string text, string placeholder, string value)
    {
        Assert.True(text.Contains(placeholder, StringComparison.Ordinal), $"{SiteFile} no longer contains \"{placeholder}\"; update the test's rendering.");
        return text.Replace(placeholder, value, StringComparison.Ordinal);
    }

    private static X509Certificate2 WriteCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=portal.example.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("portal.example.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private static ProcessStartInfo Command(string directory, params string[] extra)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("NGINX_PATH") ?? "/usr/sbin/nginx")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log"), .. extra])
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_nginx.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_nginx.ExitCode}: {await _nginx.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{HttpsPort} within 15 s. {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var path = Path.Combine(_directory, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>
    /// The instances (host:port) nginx sent <paramref name="clientAddress"/>'s requests to, for request lines starting with
    /// <paramref name="requestStart"/> (e.g. "POST /j/"), in order. nginx logs a request once it is done, so this waits briefly for them.
    /// </summary>
    public async Task<IReadOnlyList<string>> UpstreamsForAsync(string clientAddress, string requestStart, int atLeast = 1)
    {
        var log = Path.Combine(_directory, "access.log");
        for (var attempt = 0; ; attempt++)
        {
            var upstreams = File.Exists(log)
                ? File.ReadAllLines(log).Select(line => line.Split(' ', 3))
                    .Where(parts => parts.Length == 3 && parts[0] == clientAddress && parts[2].Contains($"\"{requestStart}", StringComparison.Ordinal))
                    .Select(parts => parts[1]).ToList()
                : [];
            if (upstreams.Count >= atLeast || attempt == 50)
            {
                return upstreams;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Stops nginx (every connection through it is cut, circuits included) and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _nginx.Dispose();
        _nginx = Process.Start(Command(_directory))!;
        await WaitUntilListeningAsync();
    }

    private async Task StopAsync()
    {
        if (!_nginx.HasExited)
        {
            // A fast shutdown by nginx's own signal; killing the whole tree is the fallback, so no worker outlives the test.
            using (var stop = Process.Start(Command(_directory, "-s", "stop"))!)
            {
                await stop.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _nginx.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _nginx.Kill(entireProcessTree: true);
                await _nginx.WaitForExitAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _nginx.Dispose();
        Certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SiteFile)))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"{SiteFile} was not found above {AppContext.BaseDirectory}.");
    }
}
