using System.Data.Common;
using AdminPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdminPortal.Hosting;

/// <summary>
/// A read-only or locked SQLite database, or a PostgreSQL server that is down or refuses the portal, is an operator's problem with a
/// clear fix: it is said so at start (then the portal exits) and on any request (a 503 page), instead of a stack trace, or a
/// 30-second wait and then a 500.
/// </summary>
internal static class DatabaseAvailability
{
    /// <summary>How long a command waits for another connection's lock (SQLite's default of 30 s would hang every page).</summary>
    public const int BusyTimeoutSeconds = 5;

    public const string UnavailableMessage = "The portal's database is read-only or busy; tell the operator.";

    /// <summary>The connection string with a short busy timeout, unless the operator chose one.</summary>
    public static string WithShortBusyTimeout(string connectionString)
    {
        // The generic builder keeps only the keys that were written (SQLite's own answers "yes" for every keyword it knows).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(key => key.Replace(" ", "").EndsWith("timeout", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }
        return new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = BusyTimeoutSeconds }.ToString();
    }

    /// <summary>The database error behind <paramref name="exception"/> when it means "read-only, busy, locked or unreachable".</summary>
    public static DbException? Unavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 5 or 6 or 8 }: // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY
                // Server down or restarting, too many connections, a read-only standby, a wrong password or database name.
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "25006" or "28P01" or "28000" or "3D000" }:
                case NpgsqlException { IsTransient: true } and not PostgresException:
                    return (DbException)e;
            }
        }
        return null;
    }

    /// <summary>Answers 503 with <see cref="UnavailableMessage"/> when a request fails because the database is read-only or locked.</summary>
    public static IApplicationBuilder UseDatabaseUnavailablePage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (Unavailable(exception) is { } failure && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseAvailability))
                .LogError("A request failed because the database is unavailable: {Reason}", failure.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "60";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8" /><title>Database unavailable · AdminPortal</title>
                <link rel="stylesheet" href="/app.css" /></head>
                <body><main><h1>The portal cannot work right now</h1><p id="database-unavailable">{UnavailableMessage}</p></main></body></html>
                """);
        }
    });

    /// <summary>
    /// Runs the start-up preparation; when the database is read-only or locked, logs one critical line naming the file and the fix
    /// and returns false, so the host can exit with a non-zero code instead of an unhandled exception.
    /// </summary>
    public static async Task<bool> TryPrepareDatabaseAsync(this WebApplication app, Func<WebApplication, Task> prepare)
    {
        try
        {
            await prepare(app);
            return true;
        }
        catch (Exception exception) when (Unavailable(exception) is { } failure)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var connection = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.GetDbConnection();
            var (database, fix) = failure switch
            {
                SqliteException { SqliteErrorCode: 8 } => (connection.DataSource,
                    "it is read-only: make the file and its folder writable by the user running the portal, or set ConnectionStrings:DefaultConnection to a writable location"),
                SqliteException => (connection.DataSource,
                    "it is locked by another program (another portal, a backup or an open sqlite3 shell): stop that program, then start the portal again"),
                _ => ($"{connection.Database} on the PostgreSQL server {connection.DataSource}",
                    "the server cannot be reached or refuses the portal: check that it is running and that ConnectionStrings:DefaultConnection names the right host, database, user and password"),
            };
            app.Logger.LogCritical("The database {File} cannot be used: {Fix}. ({Reason})", database, fix, failure.Message);
            return false;
        }
    }
}
