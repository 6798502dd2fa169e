using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Integration;

/// <summary>
/// Issue 8 §3 "no 500 for bad input": bodies a stranger can post to the sign-in and sign-out endpoints (unreadable forms, JSON,
/// wrong content types), with no cookie, with the antiforgery cookie, signed in, and with a valid antiforgery header.
/// </summary>
public sealed partial class AccountPostFuzzTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string AuthCookie = ".AspNetCore.Identity.Application";

    private PortalFactory Portal => fixture.Portal;

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var path in new[] { "Account/Logout", "Account/Login" })
        {
            foreach (var body in Bodies.Keys)
            {
                foreach (var visitor in new[] { "stranger", "antiforgery cookie", "signed in", "antiforgery header" })
                {
                    cases.Add(path, body, visitor);
                }
            }
        }
        return cases;
    }

    private static readonly Dictionary<string, Func<HttpContent?>> Bodies = new()
    {
        ["none"] = () => null,
        ["empty form"] = () => Raw("", "application/x-www-form-urlencoded"),
        ["json"] = () => Raw("{\"ReturnUrl\":\"/\",\"Input\":{\"Email\":\"a@b.c\"}}", "application/json"),
        ["broken json"] = () => Raw("{\"ReturnUrl\":", "application/json"),
        ["text"] = () => Raw("ReturnUrl=/", "text/plain"),
        ["xml"] = () => Raw("<ReturnUrl>/</ReturnUrl>", "application/xml"),
        ["2,000 fields"] = () => Raw(string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=1")), "application/x-www-form-urlencoded"),
        ["bad percent escapes"] = () => Raw("ReturnUrl=%zz%&%%%=%u1234&_handler=%ff", "application/x-www-form-urlencoded"),
        ["unknown charset"] = () => Raw("ReturnUrl=/", "application/x-www-form-urlencoded; charset=klingon"),
        ["multipart garbage"] = () => Raw("garbage\r\n--nope\r\n\r\n\u0000\u0001", "multipart/form-data; boundary=XYZ"),
        ["multipart cut off"] = () => Raw("--XYZ\r\nContent-Disposition: form-data; name=\"ReturnUrl\"\r\n\r\n/", "multipart/form-data; boundary=XYZ"),
        ["multipart without boundary"] = () => Raw("--XYZ\r\n\r\nx\r\n--XYZ--\r\n", "multipart/form-data"),
        ["multipart with 2,000 parts"] = () => Raw(
            string.Concat(Enumerable.Range(0, 2000).Select(i => $"--XYZ\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n1\r\n")) + "--XYZ--\r\n",
            "multipart/form-data; boundary=XYZ"),
        ["binary"] = () => new ByteArrayContent([0xff, 0xfe, 0x00, 0x01, 0x80]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_post_the_portal_cannot_read_is_never_a_server_error(string path, string body, string visitor)
    {
        using var cookies = new CookieJarClient(Portal.BaseUrl);
        string? token = null;
        if (visitor != "stranger")
        {
            token = await cookies.LoadAntiforgeryAsync();
        }
        if (visitor == "signed in")
        {
            using var http = new PortalHttp(Portal);
            cookies.Add(AuthCookie, AuthCookieOf(await http.SignInAsync()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Bodies[body]() };
        if (visitor == "antiforgery header")
        {
            request.Headers.Add("RequestVerificationToken", token);
        }
        var response = await cookies.Http.SendAsync(request);

        Assert.True((int)response.StatusCode < 500,
            $"{path} with {body} as {visitor}: {(int)response.StatusCode}\n{Portal.Logs.Lines.LastOrDefault(l => l.StartsWith("Error", StringComparison.Ordinal))}");
        if (path == "Account/Logout" && response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Sign_out_with_a_valid_antiforgery_header_and_a_json_body_signs_out_and_goes_home()
    {
        using var cookies = new CookieJarClient(Portal.BaseUrl);
        var token = await cookies.LoadAntiforgeryAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "Account/Logout") { Content = Raw("{\"ReturnUrl\":\"/audit\"}", "application/json") };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await cookies.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_whose_form_cannot_be_read_is_the_friendly_400_and_ends_nothing()
    {
        using var http = new PortalHttp(Portal);
        using var cookies = new CookieJarClient(Portal.BaseUrl);
        await cookies.LoadAntiforgeryAsync();
        cookies.Add(AuthCookie, AuthCookieOf(await http.SignInAsync()));

        var response = await cookies.Http.PostAsync("Account/Logout",
            Raw(string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=1")), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reload the page and sign out again", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await cookies.Http.GetAsync("")).StatusCode);
    }

    private static ByteArrayContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        // Set without parsing, so malformed content types reach the portal exactly as written.
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string AuthCookieOf(HttpResponseMessage signIn)
    {
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var header = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return header[(AuthCookie.Length + 1)..header.IndexOf(';')];
    }

    /// <summary>A client whose cookies the test sets itself (the antiforgery cookie from the sign-in page, an auth cookie from elsewhere).</summary>
    private sealed partial class CookieJarClient : IDisposable
    {
        private readonly CookieContainer _jar = new();
        private readonly Uri _base;

        public CookieJarClient(string baseUrl)
        {
            _base = new Uri(baseUrl + "/");
            Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _jar }) { BaseAddress = _base };
        }

        public HttpClient Http { get; }

        /// <summary>Loads the sign-in page, keeping its antiforgery cookie; returns the page's request token.</summary>
        public async Task<string> LoadAntiforgeryAsync()
        {
            var page = await (await Http.GetAsync("Account/Login")).Content.ReadAsStringAsync();
            var token = AntiforgeryField().Match(page);
            Assert.True(token.Success, "no antiforgery token on the sign-in page");
            return WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        public void Add(string name, string value) => _jar.Add(_base, new Cookie(name, value, "/"));

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryField();

        public void Dispose() => Http.Dispose();
    }
}
