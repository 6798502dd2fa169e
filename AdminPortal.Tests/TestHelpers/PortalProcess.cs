using System.Diagnostics;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>Runs the built portal as its own process (as an operator would) until it exits by itself.</summary>
public static class PortalProcess
{
    /// <summary>Starts <c>dotnet AdminPortal.dll</c> with <paramref name="arguments"/> and waits (at most two minutes) for it to exit.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, string connectionString,
        string provider = "Sqlite", string urls = "http://127.0.0.1:0", params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__DefaultConnection"] = connectionString,
                ["Database__Provider"] = provider,
                ["ASPNETCORE_URLS"] = urls,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AdminPortal.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The portal kept running instead of stopping by itself.");
        }
        return (process.ExitCode, await output + await error);
    }
}
