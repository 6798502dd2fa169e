using AdminPortal.Benchmarks.Load;

namespace AdminPortal.Benchmarks.Report;

/// <summary>Everything one run measured; the report is computed from these and nothing else.</summary>
internal sealed class BenchResults
{
    public List<LoadResult> Bare { get; } = [];
    public List<LoadResult> Opens { get; } = [];
    public List<LoadResult> Webhooks { get; } = [];
    public List<LoadResult> Trivial { get; } = [];

    /// <summary>Webhooks answered 200 in the whole run (warm-up included) and the rows the portal stored for them.</summary>
    public long WebhooksAccepted { get; set; }
    public long? WebhooksStored { get; set; }
    public List<double> ClickMs { get; set; } = [];
    public List<double> ClickBytes { get; set; } = [];
    public double CallsPerLink { get; set; } = double.NaN;
    public double LoginBytes { get; set; } = double.NaN;
    public double GeneratorBytes { get; set; } = double.NaN;
    public List<(int Pages, double BytesPerPage, int Circuits)> GeneratorHeap { get; set; } = [];
    public List<(int Pages, double BytesPerPage, int Circuits)> InvitesHeap { get; set; } = [];
    public int InvitesInDatabase { get; set; }
    public List<double> StartsMs { get; set; } = [];
    public List<double> ReadyToRunStartsMs { get; set; } = [];
    public string? ReadyToRunProblem { get; set; }
    public long StubRejected { get; set; }
    public Bulk.BulkResult? Bulk { get; set; }

    /// <summary>Figures left out, with why (e.g. the page no longer has an element the benchmark waits for).</summary>
    public List<(string Figure, string Reason)> NotMeasured { get; } = [];

    /// <summary>The machine's 1-, 5- and 15-minute load averages: the machine may be shared, and this says how busy it was.</summary>
    public string LoadAverageAtStart { get; init; } = "";
    public string LoadAverageAtEnd { get; set; } = "";

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public LoadResult? BareAt(int concurrency) => Bare.FirstOrDefault(r => r.Concurrency == concurrency);
    public LoadResult? OpensAt(int concurrency) => Opens.FirstOrDefault(r => r.Concurrency == concurrency);
    public LoadResult? WebhooksAt(int concurrency) => Webhooks.FirstOrDefault(r => r.Concurrency == concurrency);
    public LoadResult? TrivialAt(int concurrency) => Trivial.FirstOrDefault(r => r.Concurrency == concurrency);
}

/// <summary>One row of the table: figure | measured | baseline in the same run | ratio | target | met?</summary>
internal sealed record Row(string Figure, string Measured, string Baseline, string Ratio, string Target, bool? Met)
{
    public string MetText => Met switch { true => "yes", false => "**no**", null => "n/a" };
}
