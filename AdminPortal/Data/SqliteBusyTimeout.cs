using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminPortal.Data;

/// <summary>
/// Sets SQLite's own <c>busy_timeout</c> on every connection the portal opens. SQLite then waits for a lock with short,
/// growing sleeps (1 ms, 2 ms, 5 ms …), where Microsoft.Data.Sqlite's retry loop alone sleeps 150 ms at a time, which under
/// concurrent writes is most of a request's time. The wait is as long as the connection string's <c>Default Timeout</c>.
/// Also <c>synchronous = NORMAL</c>, the setting SQLite recommends with write-ahead logging.
/// </summary>
internal sealed class SqliteBusyTimeout(int milliseconds) : DbConnectionInterceptor
{
    public static SqliteBusyTimeout For(string connectionString) =>
        new(new SqliteConnectionStringBuilder(connectionString).DefaultTimeout * 1000);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Pragma(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Pragma(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Pragma(DbConnection connection)
    {
        var command = connection.CreateCommand();
        // synchronous = NORMAL is durable across a crash of the portal with write-ahead logging (PortalDatabase turns it on).
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds}; PRAGMA synchronous = NORMAL";
        return command;
    }
}
