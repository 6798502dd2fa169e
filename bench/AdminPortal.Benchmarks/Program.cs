using System.Diagnostics;
using AdminPortal.Benchmarks.Portal;
using AdminPortal.Benchmarks.Report;
using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/AdminPortal.Benchmarks</c>: measures the figures of issue 11 (and issue 13's webhook receive) against the bare JS SDK
/// baseline, prints them and writes docs/performance.md. (A named class, not top-level statements: the test project references
/// this assembly and must keep seeing only the portal's <c>Program</c>.)
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("adminportal-bench-");
        try
        {
            var results = await BenchRun.RunAsync(options, work.FullName);
            Console.WriteLine();
            Console.WriteLine(PerformanceReport.ConsoleTable(results));
            if (options.Output is { } output)
            {
                var command = "dotnet run -c Release --project bench/AdminPortal.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
                var path = Path.Combine(PortalPublish.RepositoryRoot, output);
                await File.WriteAllTextAsync(path, await PerformanceReport.MarkdownAsync(results, options, command, clock.Elapsed));
                Console.WriteLine($"Written to {Path.GetRelativePath(PortalPublish.RepositoryRoot, path)} ({clock.Elapsed.TotalMinutes:0.0} minutes).");
            }
            return 0;
        }
        catch (BenchmarkException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A process may still hold a file for a moment; the temp folder is cleaned by the system.
            }
        }
    }
}
