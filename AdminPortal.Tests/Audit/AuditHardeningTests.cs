using System.Net;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Audit;

/// <summary>The audit trail against attackers: REPLACE over old entries, huge typed values, and spreadsheet formulas in the export.</summary>
public sealed class AuditHardeningTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private AuditLog Audit => _portal.Services.GetRequiredService<AuditLog>();

    [Theory]
    [InlineData("INSERT OR REPLACE INTO AuditEntries (Id, TimeUtc, Kind, Actor, ActorRole, ClientIp, Outcome) VALUES ({0}, '2020-01-01', 'x', 'forged', '', '', 'ok')")]
    [InlineData("REPLACE INTO AuditEntries (Id, TimeUtc, Kind, Actor, ActorRole, ClientIp, Outcome) VALUES ({0}, '2020-01-01', 'x', 'forged', '', '', 'ok')")]
    public async Task Replace_over_an_existing_entry_is_refused(string sql)
    {
        await Audit.AppendAsync(new AuditEntry { Kind = AuditKinds.SignIn, Actor = "real@example.test" });
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var id = await db.AuditEntries.Select(e => e.Id).SingleAsync();

        var refused = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(string.Format(sql, id)));

        Assert.Contains("audit entries cannot be replaced", refused.Message);
        Assert.Equal("real@example.test", (await db.AuditEntries.AsNoTracking().SingleAsync()).Actor);
    }

    [Fact]
    public async Task Twenty_entries_with_4_MB_fields_are_cut_and_the_database_stays_small()
    {
        var file = new SqliteConnectionStringBuilder(
            Microsoft.Extensions.Configuration.ConfigurationExtensions.GetConnectionString(_portal.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), "DefaultConnection")).DataSource;
        var before = new FileInfo(file).Length;
        var huge = new string('x', 4 * 1024 * 1024);

        for (var i = 0; i < 20; i++)
        {
            await Audit.AppendAsync(new AuditEntry
            {
                Kind = AuditKinds.SignInFailed, Actor = huge, ActorRole = huge, ClientIp = huge, RoomId = huge, DisplayName = huge, UserId = huge,
                Locks = huge, Design = huge, Preset = huge, Reason = huge, Outcome = huge, Detail = huge,
            });
        }

        Assert.True(new FileInfo(file).Length - before < 1024 * 1024, $"the database grew by {new FileInfo(file).Length - before} bytes");
        await using var scope = _portal.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.FirstAsync(e => e.Kind == AuditKinds.SignInFailed);
        Assert.Equal((AuditLimits.Email, AuditLimits.Name, AuditLimits.Detail), (entry.Actor.Length, entry.DisplayName!.Length, entry.Detail!.Length));
        Assert.All(new[] { entry.Actor, entry.DisplayName, entry.Detail, entry.Reason!, entry.RoomId! }, value => Assert.EndsWith("…", value));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a;b", "\"a;b\"")] // a ;-splitting spreadsheet must not split the cell
    [InlineData("ok;=HYPERLINK(\"http://x\")", "\"ok;'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("x;+1;-2;@SUM(A1)", "\"x;'+1;'-2;'@SUM(A1)\"")]
    [InlineData("x;\tcmd", "\"x;'\tcmd\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("Zoë;", "\"Zoë;\"")]
    public void Csv_cells_defuse_formulas_in_every_semicolon_separated_part(string value, string expected) =>
        Assert.Equal(expected, AuditLog.CsvCell(value));

    [Fact]
    public async Task Csv_export_is_streamed_never_stored_and_keeps_its_rows()
    {
        for (var i = 0; i < 50; i++)
        {
            await Audit.AppendAsync(new AuditEntry { Kind = AuditKinds.SignInFailed, Actor = $"typed;=cmd|{i}" });
        }
        using var http = new PortalHttp(_portal);
        await http.SignInAsync();

        var response = await http.GetAsync("audit/export.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked); // written as it is read, not built up first and sent with a length
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AuditLog.CsvColumns), lines[0]);
        Assert.Equal(50, lines.Count(l => l.Contains("\"typed;'=cmd|", StringComparison.Ordinal)));
    }
}
