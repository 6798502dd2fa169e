using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;

namespace AdminPortal.Tests.Invites;

/// <summary>One answer from <c>/j/</c>, with the body HTML-decoded.</summary>
public sealed record InviteAnswer(HttpStatusCode Status, string? Location, string Body, HttpResponseMessage Response)
{
    /// <summary>The join token's claims in the redirect.</summary>
    public JsonNode Claims => JsonNode.Parse(Base64Url.DecodeFromChars(
        HttpUtility.ParseQueryString(new Uri(Location!).Query)["access_token"]!.Split('.')[1]))!;
}

/// <summary>A visitor's browser for invite links: keeps cookies, does not follow redirects, and presses Join as a form post.</summary>
public sealed partial class InviteVisitor : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    /// <summary>GET only: what a link scanner or a preview fetches.</summary>
    public async Task<InviteAnswer> ViewAsync(string url) => await ReadAsync(await _http.GetAsync(url));

    /// <summary>Opens the link as a person would: the landing page, then Join when it offers one; otherwise the refusal page.</summary>
    public async Task<InviteAnswer> OpenAsync(string url, string? name = null)
    {
        var landing = await ViewAsync(url);
        var token = AntiforgeryField().Match(landing.Body);
        return token.Success ? await PostAsync(url, token.Groups[1].Value, name, NonceField().Match(landing.Body).Groups[1].Value) : landing;
    }

    /// <summary>Opens the landing page and presses Join (with <paramref name="name"/> for open invites).</summary>
    public async Task<InviteAnswer> JoinAsync(string url, string? name = null)
    {
        var (token, nonce) = await LandingFormAsync(url);
        return await PostAsync(url, token, name, nonce);
    }

    /// <summary>The antiforgery token and the Join nonce of one view of the landing page.</summary>
    public async Task<(string Token, string Nonce)> LandingFormAsync(string url)
    {
        var landing = await ViewAsync(url);
        var token = AntiforgeryField().Match(landing.Body);
        var nonce = NonceField().Match(landing.Body);
        Assert.True(token.Success && nonce.Success, $"no Join form on the landing page ({landing.Status}): {landing.Body}");
        return (token.Groups[1].Value, nonce.Groups[1].Value);
    }

    /// <summary>The antiforgery token of the landing page's Join form (its cookie stays in this visitor).</summary>
    public async Task<string> FormTokenAsync(string url)
    {
        var landing = await ViewAsync(url);
        var token = AntiforgeryField().Match(landing.Body);
        Assert.True(token.Success, $"no Join form on the landing page ({landing.Status}): {landing.Body}");
        return token.Groups[1].Value;
    }

    /// <summary>Presses Join with a token from <see cref="FormTokenAsync"/> (or a wrong one).</summary>
    public async Task<InviteAnswer> PostAsync(string url, string? token, string? name = null, string? nonce = null)
    {
        var fields = new Dictionary<string, string>();
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }
        if (name is not null)
        {
            fields["name"] = name;
        }
        if (nonce is not null)
        {
            fields["join-nonce"] = nonce;
        }
        return await ReadAsync(await _http.PostAsync(url, new FormUrlEncodedContent(fields)));
    }

    public async Task<InviteAnswer> SendAsync(HttpRequestMessage request) => await ReadAsync(await _http.SendAsync(request));

    private static async Task<InviteAnswer> ReadAsync(HttpResponseMessage response) => new(response.StatusCode,
        response.Headers.Location?.OriginalString, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), response);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"join-nonce\" value=\"([^\"]+)\"")]
    private static partial Regex NonceField();

    public void Dispose() => _http.Dispose();
}
