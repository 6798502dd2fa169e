using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, in a temp folder, for one test class: initdb (as user postgres
/// when the tests run as root, which initdb refuses), <c>pg_ctl -w start</c>, and a fast stop plus removal at dispose.
/// </summary>
public sealed class PostgreSqlCluster : IAsyncLifetime
{
    private const string User = "portal";
    private readonly string _directory = Directory.CreateTempSubdirectory("adminportal-pg-").FullName;
    private string _bin = "";
    private bool _started;

    public int Port { get; private set; }

    /// <summary>A connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Maximum Pool Size=60";

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin")).LastOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql); ./test.sh installs it.");
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", _directory);
        }
        await RunAsPostgresAsync("initdb", "-D", Data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync");
        Port = FreePort();
        _started = true;
        // Every portal host keeps a pool; 200 concurrent joins across two hosts need more than the default 100 connections.
        await RunAsPostgresAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_directory, "log"), "-w", "start",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300");
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "portal_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            await RunAsPostgresAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");
        }
        Directory.Delete(_directory, recursive: true);
    }

    private string Data => Path.Combine(_directory, "data");

    private Task RunAsPostgresAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
