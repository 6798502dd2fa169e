using System.Diagnostics;

namespace AdminPortal.Benchmarks.Portal;

/// <summary>Publishes the portal (Release) into a temporary folder, as an operator does, with its own bin and obj there too.</summary>
internal static class PortalPublish
{
    /// <summary>The repository root: the folder holding AdminPortal.sln, found upwards from the working directory or the program.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// <c>dotnet publish AdminPortal -c Release</c> into <paramref name="folder"/>/out: ReadyToRun for this machine, as the project
    /// publishes by default; without <paramref name="readyToRun"/> with <c>-p:PublishReadyToRun=false</c> (IL only, the cold-start
    /// baseline). Returns the published AdminPortal.dll.
    /// </summary>
    public static async Task<string> PublishAsync(string folder, bool readyToRun)
    {
        var output = Path.Combine(folder, "out");
        var arguments = new List<string>
        {
            "publish", Path.Combine(RepositoryRoot, "AdminPortal", "AdminPortal.csproj"), "-c", "Release", "-o", output, "-nologo", "-v", "quiet",
            // Its own bin and obj: a publish for a runtime must not rewrite the working tree's restore state under a running build.
            "--artifacts-path", Path.Combine(folder, "artifacts"),
        };
        if (!readyToRun)
        {
            arguments.Add("-p:PublishReadyToRun=false");
        }
        var (exitCode, text) = await RunAsync("dotnet", arguments, RepositoryRoot);
        if (exitCode != 0)
        {
            throw new BenchmarkException($"dotnet {string.Join(' ', arguments)} failed ({exitCode}):\n{text}");
        }
        return Path.Combine(output, "AdminPortal.dll");
    }

    /// <summary>Runs a command to its end and returns its exit code with stdout and stderr together.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new BenchmarkException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AdminPortal.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new BenchmarkException("Run the benchmark from the repository (no AdminPortal.sln found above the working directory).");
    }
}

/// <summary>A failure that ends the benchmark with a message instead of a stack trace.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
