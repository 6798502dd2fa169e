using System.Net;
using System.Text.RegularExpressions;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>A cookie-keeping HTTP client for the portal's static (SSR) pages, which post forms with antiforgery tokens.</summary>
public sealed partial class PortalHttp(PortalFactory factory) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(factory.BaseUrl + "/"),
    };

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>Loads the page, then posts its Blazor form (<paramref name="formName"/>) with the given fields.</summary>
    public Task<HttpResponseMessage> SubmitFormAsync(string path, string formName, IDictionary<string, string> fields) =>
        PostFromPageAsync(path, path, new Dictionary<string, string>(fields) { ["_handler"] = formName });

    /// <summary>Loads <paramref name="pagePath"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFromPageAsync(string pagePath, string action, IDictionary<string, string> fields)
    {
        var page = await (await _http.GetAsync(pagePath)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {pagePath}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await _http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> SignInAsync(string email = PortalFactory.AdminEmail, string password = PortalFactory.AdminPassword) =>
        SubmitFormAsync("Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _http.Dispose();
}
