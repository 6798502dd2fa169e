using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace AdminPortal.Tests.Hosting;

/// <summary>
/// An HTTP client that connects from a chosen loopback address (any 127.x.y.z works on Linux), so tests have several real clients,
/// and that adds given headers (e.g. <c>X-Forwarded-For</c>) to every request. It keeps cookies by hand, sending Secure ones too,
/// because a forwarded https request gets Secure cookies although the test talks plain http to the portal.
/// </summary>
internal sealed partial class ClientAt : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = [];
    private readonly IReadOnlyDictionary<string, string> _headers;

    public ClientAt(string baseUrl, string localAddress = "127.0.0.1", IReadOnlyDictionary<string, string>? headers = null,
        X509Certificate2? trustedCertificate = null)
    {
        _headers = headers ?? new Dictionary<string, string>();
        var local = IPAddress.Parse(localAddress);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (trustedCertificate is not null)
        {
            // An https test server with a self-signed certificate: trust that one certificate, whatever name the test used.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == trustedCertificate.GetCertHashString();
        }
        _http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl + "/") };
    }

    /// <summary>The Set-Cookie lines of the last response.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Loads <paramref name="pagePath"/>, then posts its hidden fields (antiforgery token, nonce) and <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFromPageAsync(string pagePath, string action, IDictionary<string, string> fields)
    {
        var form = await FormFromPageAsync(pagePath, fields);
        return await PostFormAsync(action, form);
    }

    /// <summary>Loads <paramref name="pagePath"/> and returns its hidden fields (antiforgery token, nonce) with <paramref name="fields"/> added.</summary>
    public async Task<Dictionary<string, string>> FormFromPageAsync(string pagePath, IDictionary<string, string>? fields = null)
    {
        var page = await (await GetAsync(pagePath)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>());
        foreach (Match hidden in HiddenField().Matches(page))
        {
            form.TryAdd(hidden.Groups[1].Value, WebUtility.HtmlDecode(hidden.Groups[2].Value));
        }
        Assert.True(form.ContainsKey("__RequestVerificationToken"), $"no antiforgery token on {pagePath}");
        return form;
    }

    public Task<HttpResponseMessage> PostFormAsync(string action, IDictionary<string, string> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) });

    /// <summary>Takes over <paramref name="other"/>'s cookies, as if the same browser now came from this client's address.</summary>
    public void UseCookiesOf(ClientAt other)
    {
        foreach (var (name, value) in other._cookies)
        {
            _cookies[name] = value;
        }
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password) => PostFromPageAsync("Account/Login", "Account/Login",
        new Dictionary<string, string> { ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = password });

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await _http.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var lines) ? [.. lines] : [];
        foreach (var line in LastSetCookies)
        {
            var pair = line[..line.IndexOf(';')];
            _cookies[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        }
        return response;
    }

    [GeneratedRegex("type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    public void Dispose() => _http.Dispose();
}
