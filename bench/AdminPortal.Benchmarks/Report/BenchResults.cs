using AdminPortal.Benchmarks.Load;

namespace AdminPortal.Benchmarks.Report;

/// <summary>Everything one run measured; the report is computed from these and nothing else.</summary>
internal sealed class BenchResults
{
    public List<LoadResult> Bare { get; } = [];
    public List<LoadResult> Opens { get; } = [];
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

    public LoadResult? BareAt(int concurrency) => Bare.FirstOrDefault(r => r.Concurrency == concurrency);
    public LoadResult? OpensAt(int concurrency) => Opens.FirstOrDefault(r => r.Concurrency == concurrency);
}

/// <summary>One row of the table: figure | measured | baseline in the same run | ratio | target | met?</summary>
internal sealed record Row(string Figure, string Measured, string Baseline, string Ratio, string Target, bool? Met)
{
    public string MetText => Met switch { true => "yes", false => "**no**", null => "n/a" };
}
