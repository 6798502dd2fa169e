using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using AdminPortal.Benchmarks.Portal;
using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Benchmarks.Load;

/// <summary>
/// Presses Join on one invite from <c>concurrency</c> visitors at once for a fixed time. Each visitor loads the landing page
/// once (its antiforgery cookie and token), then presses Join again and again, each press with a fresh 128-bit nonce as a newly
/// loaded landing page carries, so every press is a new use (a repeated nonce would get the first press's answer back).
/// </summary>
internal static class InviteLoad
{
    public static async Task<LoadResult> RunAsync(string baseUrl, string invitePath, int concurrency, TimeSpan duration, StubPlugNmeet stub)
    {
        var visitors = new List<(PortalClient Client, Dictionary<string, string> Form)>();
        for (var i = 0; i < concurrency; i++)
        {
            var client = new PortalClient(baseUrl);
            visitors.Add((client, await client.FormFromPageAsync(invitePath, new Dictionary<string, string> { ["name"] = $"Visitor {i}" })));
        }
        var tally = new LoadTally(HttpStatusCode.SeeOther);
        var before = stub.Calls();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(visitors.Select(async visitor =>
        {
            while (clock.Elapsed < duration)
            {
                var form = new Dictionary<string, string>(visitor.Form) { ["join-nonce"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) };
                await tally.SendAsync(() => visitor.Client.PostFormAsync(invitePath, form));
            }
        }));
        var elapsed = clock.Elapsed;
        var calls = StubPlugNmeet.Total(StubPlugNmeet.Since(before, stub.Calls()));
        foreach (var (client, _) in visitors)
        {
            client.Dispose();
        }
        return tally.Result(concurrency, elapsed, tally.Succeeded == 0 ? double.NaN : (double)calls / tally.Succeeded);
    }
}
