using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace AdminPortal.Benchmarks.Portal;

/// <summary>A cookie-keeping HTTP client for the portal's server-rendered pages, which post forms with antiforgery tokens.</summary>
internal sealed partial class PortalClient : IDisposable
{
    public const string AdminEmail = "bench-admin@example.com";
    public const string AdminPassword = "Bench-Passw0rd!-2026";

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public PortalClient(string baseUrl)
    {
        _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = _cookies })
        {
            BaseAddress = new Uri(baseUrl + "/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>Loads <paramref name="pagePath"/> and returns its hidden fields (antiforgery token, nonce) with <paramref name="fields"/> added.</summary>
    public async Task<Dictionary<string, string>> FormFromPageAsync(string pagePath, IDictionary<string, string>? fields = null)
    {
        using var response = await _http.GetAsync(pagePath);
        var page = await response.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>());
        foreach (Match hidden in HiddenField().Matches(page))
        {
            form.TryAdd(hidden.Groups[1].Value, WebUtility.HtmlDecode(hidden.Groups[2].Value));
        }
        if (!form.ContainsKey("__RequestVerificationToken"))
        {
            throw new BenchmarkException($"No antiforgery token on {pagePath} ({(int)response.StatusCode}).");
        }
        return form;
    }

    public Task<HttpResponseMessage> PostFormAsync(string action, IDictionary<string, string> form) =>
        _http.PostAsync(action, new FormUrlEncodedContent(form));

    /// <summary>Creates the first administrator on <c>/setup</c> with the code from the portal's log, as an operator does.</summary>
    public async Task SetUpAsync(string setupCode)
    {
        var form = await FormFromPageAsync("setup", new Dictionary<string, string>
        {
            ["_handler"] = "setup", ["Input.SetupCode"] = setupCode, ["Input.Email"] = AdminEmail, ["Input.DisplayName"] = "Bench Admin",
            ["Input.Password"] = AdminPassword, ["Input.ConfirmPassword"] = AdminPassword,
        });
        using var response = await PostFormAsync("setup", form);
        await SignInAsync();
    }

    /// <summary>Signs in through the log-in form; the client then carries the sign-in cookie.</summary>
    public async Task SignInAsync()
    {
        var form = await FormFromPageAsync("Account/Login", new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = AdminEmail, ["Input.Password"] = AdminPassword,
        });
        using var response = await PostFormAsync("Account/Login", form);
        using var home = await _http.GetAsync("");
        if (home.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkException($"Signing in as the benchmark's administrator failed: / answered {(int)home.StatusCode}.");
        }
    }

    /// <summary>The cookies this client holds for the portal (the sign-in cookie, for browser contexts).</summary>
    public IEnumerable<Cookie> Cookies() => _cookies.GetCookies(_http.BaseAddress!).Cast<Cookie>();

    /// <summary><c>GET /_bench/heap</c>: the portal's managed heap after a forced full collection, and its open circuits.</summary>
    public async Task<HeapReading> HeapAsync() =>
        await _http.GetFromJsonAsync<HeapReading>("_bench/heap") ?? throw new BenchmarkException("/_bench/heap answered nothing.");

    [GeneratedRegex("type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    public void Dispose() => _http.Dispose();
}

/// <summary>What <c>/_bench/heap</c> answers (AdminPortal/Hosting/BenchmarkDiagnostics.cs).</summary>
internal sealed record HeapReading(int Circuits, long HeapBytes, long HeapSizeBytes, long WorkingSetBytes);
