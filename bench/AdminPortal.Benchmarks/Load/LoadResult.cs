namespace AdminPortal.Benchmarks.Load;

/// <summary>One load level: the latencies of the requests that succeeded, the failures, and the wall time they took.</summary>
internal sealed record LoadResult(int Concurrency, IReadOnlyList<double> LatenciesMs, int Errors, TimeSpan Elapsed, double UpstreamCallsPerRequest = double.NaN)
{
    public double P50 => Percentile(LatenciesMs, 50);
    public double P99 => Percentile(LatenciesMs, 99);
    public double RequestsPerSecond => LatenciesMs.Count / Elapsed.TotalSeconds;

    /// <summary>Nearest-rank percentile (the smallest value with at least <paramref name="percent"/> % of the values at or below it); NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);
}
