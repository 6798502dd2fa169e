using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace AdminPortal.Benchmarks.Load;

/// <summary>What the load generators share: each request timed from send to its whole answer read, kept when it is answered as expected, else counted as an error.</summary>
internal sealed class LoadTally(HttpStatusCode success)
{
    private readonly ConcurrentBag<double> _latencies = [];
    private int _errors;

    public int Succeeded => _latencies.Count;

    /// <summary>Times <paramref name="send"/> (build what is sent before calling this, so that is not timed).</summary>
    public async Task SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await send();
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode == success)
            {
                _latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                Interlocked.Increment(ref _errors);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public LoadResult Result(int concurrency, TimeSpan elapsed, double upstreamCallsPerRequest = double.NaN) =>
        new(concurrency, [.. _latencies], _errors, elapsed, upstreamCallsPerRequest);
}
