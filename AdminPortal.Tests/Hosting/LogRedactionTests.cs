using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using AdminPortal.Hosting;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdminPortal.Tests.Hosting;

public sealed partial class LogRedactionTests
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    private static LogRedaction Redaction(string? secret = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PlugNmeet:ApiSecret"] = secret }).Build());

    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://h/j/AbCd-_12 - - -", "Request starting HTTP/1.1 GET http://h/j/*** - - -")]
    [InlineData("POST /j/AbCd?x=1", "POST /j/***?x=1")]
    [InlineData("Redirecting to https://c/?access_token=abc.def&custom_design=%7B%7D", "Redirecting to https://c/?access_token=***&custom_design=%7B%7D")]
    [InlineData("url=https%3A%2F%2Fc%2F%3Faccess_token%3Dabc", "url=https%3A%2F%2Fc%2F%3Faccess_token%3D***")]
    [InlineData("token " + Jwt + " end", "token *** end")]
    [InlineData("GET /js/portal.js and /jobs/1", "GET /js/portal.js and /jobs/1")]
    public void Codes_tokens_and_jwts_are_replaced(string line, string expected) =>
        Assert.Equal(expected, Redaction().Redact(line));

    [Fact]
    public void The_configured_and_added_secrets_are_replaced()
    {
        var redaction = Redaction("configured-secret-1");
        redaction.AddSecret("sandbox-secret-2");

        Assert.Equal("a *** b ***", redaction.Redact("a configured-secret-1 b sandbox-secret-2"));
    }

    [Fact]
    public void Structured_values_scopes_and_exceptions_are_redacted_too()
    {
        var sink = new StateSink();
        using var factory = new RedactingLoggerFactory(new LoggerFactory([sink]), Redaction());
        var logger = factory.CreateLogger("test");

        using (logger.BeginScope("RequestPath:{Path}", "/j/SECRETCODE"))
        {
            logger.LogInformation(new InvalidOperationException("failed at /j/SECRETCODE"), "Redirecting to {Destination} for {Uri}",
                "https://c/?access_token=" + Jwt, new Uri("https://p/j/SECRETCODE"));
        }

        var everything = string.Join("\n", sink.Seen);
        Assert.DoesNotContain("SECRETCODE", everything);
        Assert.DoesNotContain(Jwt, everything);
        Assert.Contains("Destination=https://c/?access_token=***", everything);
        Assert.Contains("Uri=https://p/j/***", everything);
        Assert.Contains("scope RequestPath:/j/***", everything);
    }

    [Fact]
    public async Task With_every_category_at_trace_no_token_code_or_secret_is_logged()
    {
        await using var portal = new PortalFactory
        {
            Settings =
            {
                ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace", ["Logging:LogLevel:System"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
            },
        };
        await portal.CreateAdministratorAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(portal.BaseUrl),
        };

        var link = await GenerateAsync(portal);
        var token = HttpUtility.ParseQueryString(new Uri(link).Query)["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(link).PathAndQuery)).StatusCode);
        var invite = await TestInvites.CreateAsync(portal, "logged-room");
        var code = new Uri(invite.Url!).Segments[^1];
        var inviteTokens = await OpenInviteAsync(http, new Uri(invite.Url!).AbsolutePath);

        var lines = portal.Logs.Lines.ToList();
        string[] secrets = [token, code, portal.Connection.ApiSecret, .. inviteTokens];
        // A failure shows where the leak was, with the secret itself masked so the test output never holds it.
        var leaks = lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)))
            .Select(line => secrets.Aggregate(line, (masked, secret) => masked.Replace(secret, "<LEAK>", StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        // The lines that would have held them were written, redacted: the test saw the dangerous places, not an empty log.
        Assert.Contains(lines, line => line.Contains("Trace") || line.Contains("Debug"));
        Assert.Contains(lines, line => line.Contains("/j/***", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("access_token=***", StringComparison.Ordinal));
    }

    private static async Task<string> GenerateAsync(PortalFactory portal)
    {
        var actor = await portal.ActorAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<JoinLinkService>()
            .GenerateAsync(new JoinLinkForm { RoomId = "logged-room", DisplayName = "Lee", UserId = "lee-1" }, actor, new Uri(portal.BaseUrl + "/"));
        return outcome.Link!.Url;
    }

    /// <summary>
    /// Opens the invite as a visitor does: GET shows the landing page with Join (no token yet), POST with its antiforgery token
    /// joins and is sent on to the conference. Follows the redirect to the sandbox join page; returns the token.
    /// </summary>
    private static async Task<List<string>> OpenInviteAsync(HttpClient http, string path)
    {
        var page = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = AntiforgeryField().Match(await page.Content.ReadAsStringAsync());
        Assert.True(antiforgery.Success, "the landing page has no antiforgery token");
        var posted = await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
        }));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(location.PathAndQuery)).StatusCode);
        return [HttpUtility.ParseQueryString(location.Query)["access_token"]!];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Records what providers are handed: the formatted line, each structured value, scopes and exception text.</summary>
    private sealed class StateSink : ILoggerProvider, ILogger
    {
        public List<string> Seen { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            Seen.Add("scope " + state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Seen.Add(formatter(state, exception));
            Seen.Add(exception?.ToString() ?? "");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                Seen.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            }
        }

        public void Dispose() { }
    }

    [Fact]
    public void Values_too_short_to_be_a_secret_are_not_hidden()
    {
        var redaction = Redaction("15");
        redaction.AddSecret("a");
        Assert.Equal("timeout 15 s after a retry", redaction.Redact("timeout 15 s after a retry"));
    }
}
