using System.Globalization;

namespace AdminPortal.Benchmarks;

/// <summary>Command-line options; every duration and count can be lowered for a quick look.</summary>
internal sealed record BenchOptions
{
    public int LatencyMs { get; init; } = 20;
    public double LoadSeconds { get; init; } = 5;
    public int[] Concurrency { get; init; } = [1, 8, 32];
    public int Clicks { get; init; } = 10;
    public int[] Circuits { get; init; } = [50, 100, 200];
    public int Invites { get; init; } = 1000;
    public int InviteTabs { get; init; } = 10;
    public int Starts { get; init; } = 5;
    public int BulkRows { get; init; } = 1000;
    public int BulkRuns { get; init; } = 3;
    public bool BulkOnly { get; init; }
    public bool ReadyToRun { get; init; } = true;
    public string? Output { get; init; } = "docs/performance.md";
    public bool Quick { get; init; }

    public const string Usage = """
        usage: dotnet run -c Release --project bench/AdminPortal.Benchmarks -- [options]
          --latency-ms N     added latency of the stub plugNmeet server per call (default 20)
          --seconds S        duration of each load level (default 5)
          --clicks N         measured Generate clicks (default 10)
          --circuits A,B,C   idle generator pages for heap per circuit (default 50,100,200)
          --invites N        invites in the database for the /invites figure (default 1000)
          --tabs N           open /invites tabs (default 10)
          --starts N         measured cold starts per publish (default 5)
          --bulk N           rows in the bulk-creation batch and its one-at-a-time baseline (default 1000)
          --bulk-runs N      measured repetitions of each (default 3)
          --bulk-only        only the bulk-creation figure (no publish, no browser); writes no report unless --output is given
          --no-r2r           skip the baseline publish without ReadyToRun and its cold starts
          --quick            short run: 2 s per level, 5 clicks, 10,20,40 pages, 3 starts
          --output PATH      where to write the report (default docs/performance.md; "-" writes none)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = args.Contains("--quick")
            ? new BenchOptions { Quick = true, LoadSeconds = 2, Clicks = 5, Circuits = [10, 20, 40], InviteTabs = 5, Starts = 3 }
            : new BenchOptions();
        if (args.Contains("--bulk-only"))
        {
            // A report of one figure must not replace the full one by accident.
            options = options with { BulkOnly = true, Output = null };
        }
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" or "--bulk-only" => options,
                "--bulk" => options with { BulkRows = Positive(Next()) },
                "--bulk-runs" => options with { BulkRuns = Positive(Next()) },
                "--latency-ms" => options with { LatencyMs = Positive(Next()) },
                "--seconds" => options with { LoadSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--clicks" => options with { Clicks = Positive(Next()) },
                "--circuits" => options with { Circuits = [.. Next().Split(',').Select(Positive).Order()] },
                "--invites" => options with { Invites = Positive(Next()) },
                "--tabs" => options with { InviteTabs = Positive(Next()) },
                "--starts" => options with { Starts = Positive(Next()) },
                "--no-r2r" => options with { ReadyToRun = false },
                "--output" => options with { Output = Next() is "-" ? null : args[i] },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }

    private static int Positive(string text) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"{text} is not a positive number.");
}
