using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;

namespace AdminPortal.Benchmarks.Load;

/// <summary>
/// Webhook receive against its baseline: <c>concurrency</c> clients, each with its own connection, send requests back to back
/// for a fixed time, either signed <c>participant_joined</c> webhooks or <c>GET /health/live</c> (the portal's most trivial
/// endpoint, the same process and client). Each request is built (and signed) before its clock starts; a request counts when
/// it is answered 200, anything else is an error.
/// </summary>
internal static class WebhookLoad
{
    public static Task<LoadResult> WebhooksAsync(string baseUrl, string apiKey, string apiSecret, int concurrency, TimeSpan duration)
    {
        var sent = 0;
        return RunAsync(baseUrl, concurrency, duration, () => SignedWebhook.Request(Interlocked.Increment(ref sent), apiKey, apiSecret));
    }

    public static Task<LoadResult> TrivialAsync(string baseUrl, int concurrency, TimeSpan duration) =>
        RunAsync(baseUrl, concurrency, duration, () => new HttpRequestMessage(HttpMethod.Get, "health/live"));

    /// <summary>The webhook events of the benchmark's room in the portal's SQLite file: one per accepted delivery.</summary>
    public static async Task<long> StoredAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"DataSource={databaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "WebhookEvents" WHERE "RoomId" = $room""";
        count.Parameters.AddWithValue("$room", SignedWebhook.RoomId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<LoadResult> RunAsync(string baseUrl, int concurrency, TimeSpan duration, Func<HttpRequestMessage> next)
    {
        var clients = Enumerable.Range(0, concurrency).Select(_ => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl + "/"),
            Timeout = TimeSpan.FromSeconds(60),
        }).ToList();
        var tally = new LoadTally(HttpStatusCode.OK);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async http =>
        {
            while (clock.Elapsed < duration)
            {
                using var request = next();
                await tally.SendAsync(() => http.SendAsync(request));
            }
        }));
        var elapsed = clock.Elapsed;
        clients.ForEach(c => c.Dispose());
        return tally.Result(concurrency, elapsed);
    }
}
