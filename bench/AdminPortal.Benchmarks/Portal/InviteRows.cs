using Microsoft.Data.Sqlite;

namespace AdminPortal.Benchmarks.Portal;

/// <summary>
/// Fills the portal's SQLite file with invites for the <c>/invites</c> figure: creating 1,000 through the page would take the
/// whole run, and the portal has no HTTP API for it. Each row is a copy of an invite the portal itself created (so every
/// column is as the migrations and the portal write it), with a fresh random code hash and its own name and user id.
/// </summary>
internal static class InviteRows
{
    public static async Task<int> CopyAsync(string databaseFile, int count)
    {
        await using var connection = new SqliteConnection($"DataSource={databaseFile};Pooling=False");
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('Invites')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }
        var copied = columns.Where(c => c != "Id").ToList();
        string Value(string column) => column switch
        {
            "CodeHash" => "lower(hex(randomblob(32)))",
            "DisplayName" => "'Bench guest ' || seq.n",
            "UserId" => "'bench-guest-' || seq.n",
            "RoomId" => "'bench-room-' || (seq.n % 50)",
            _ => $"i.\"{column}\"",
        };
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $count)
            INSERT INTO "Invites" ({string.Join(", ", copied.Select(c => $"\"{c}\""))})
            SELECT {string.Join(", ", copied.Select(Value))}
            FROM seq, (SELECT * FROM "Invites" ORDER BY "Id" LIMIT 1) AS i
            """;
        insert.Parameters.AddWithValue("$count", count);
        await using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        var rows = await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return rows;
    }
}
