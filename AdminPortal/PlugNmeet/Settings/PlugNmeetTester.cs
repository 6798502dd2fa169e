using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AdminPortal.PlugNmeet.Settings;

/// <summary>
/// Test connection: one signed call through <see cref="PlugNmeetClient"/>'s own code, on an HTTP client of its own without the
/// retry and circuit breaker, so tests of wrong addresses never pause the portal's real calls (and an open circuit never hides the answer).
/// </summary>
public sealed partial class PlugNmeetTester(IHttpClientFactory clients, IServiceProvider services)
{
    public const string HttpClientName = "plugnmeet-test";

    internal async Task<PlugNmeetTestResult> TestAsync(PlugNmeetEndpoint endpoint, CancellationToken cancellationToken)
    {
        var client = ActivatorUtilities.CreateInstance<PlugNmeetClient>(services, clients.CreateClient(HttpClientName));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var took = await client.ProbeAsync(endpoint, cancellationToken);
            var where = endpoint.UsesSandbox ? "The built-in sandbox" : $"The plugNmeet server at {endpoint.ServerUrl!.Authority}";
            return new(true, $"Connection OK: {where} accepted the key and secret and answered in {took.TotalMilliseconds:0} ms.",
                Milliseconds: (long)Math.Round(took.TotalMilliseconds));
        }
        catch (PlugNmeetException ex)
        {
            var message = Describe(ex.Failure) + ": " + ConfigurationHint().Replace(ex.Message, "").Trim();
            if (ex.Failure is PlugNmeetFailure.Unreachable or PlugNmeetFailure.Timeout)
            {
                return new(false, message, ex.Failure);
            }
            // Something answered over HTTP (401, 404, not JSON…): how fast helps tell a proxy from the server.
            var took = (long)Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new(false, $"{message} (answered in {took} ms)", ex.Failure, took);
        }
    }

    /// <summary>Each failure the client tells apart, in words.</summary>
    public static string Describe(PlugNmeetFailure failure) => failure switch
    {
        PlugNmeetFailure.Unauthorized => "Wrong API key or secret",
        PlugNmeetFailure.NotFound => "No plugNmeet API at this URL",
        PlugNmeetFailure.Unreachable => "Server unreachable",
        PlugNmeetFailure.Timeout => "Timed out",
        PlugNmeetFailure.ServerError => "Server error",
        PlugNmeetFailure.MalformedReply => "Not a plugNmeet answer (not JSON)",
        _ => "plugNmeet refused the call",
    };

    // The client's messages point to this page; on it the fields are right there.
    [GeneratedRegex(@"\s*Check the [^.]* in plugNmeet settings\.")]
    private static partial Regex ConfigurationHint();
}
