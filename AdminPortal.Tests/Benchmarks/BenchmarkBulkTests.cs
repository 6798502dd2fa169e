using AdminPortal.Benchmarks;
using AdminPortal.Benchmarks.Bulk;
using AdminPortal.Benchmarks.Report;

namespace AdminPortal.Tests.Benchmarks;

/// <summary>
/// Issue 14's bulk-creation figure: the benchmark's batch and its one-at-a-time baseline must both store every invite (and the
/// batch every audit entry), or the figure would time refusals; its row must say what it counted. No timings are asserted.
/// </summary>
public class BenchmarkBulkTests
{
    [Fact]
    public async Task The_batch_and_the_baseline_each_store_every_row_and_the_report_row_says_so()
    {
        var work = Directory.CreateTempSubdirectory("bench-bulk-test-");
        try
        {
            var result = await BulkCreation.MeasureAsync(work.FullName, rows: 250, runs: 2);

            Assert.Equal((2, 2), (result.BatchMs.Count, result.SingleMs.Count));
            Assert.Equal([250, 250], result.BatchInvites);
            Assert.Equal([251, 251], result.BatchAudited);
            Assert.Equal([250, 250], result.SingleInvites);
            var row = Assert.Single(ReportRows.Build(new BenchResults { Bulk = result }));
            Assert.StartsWith("bulk creation of 250 invites in one batch", row.Figure, StringComparison.Ordinal);
            Assert.Contains("median of 2", row.Measured, StringComparison.Ordinal);
            Assert.Contains("each run stored 250 invites and 251 audit entries", row.Measured, StringComparison.Ordinal);
            Assert.Contains("invites/s", row.Measured, StringComparison.Ordinal);
            Assert.StartsWith("`InviteService.CreateAsync` one by one", row.Baseline, StringComparison.Ordinal);
            Assert.Equal("≤ 10 s", row.Target);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_batch_that_stored_fewer_rows_is_reported_as_not_met()
    {
        var short1 = new BulkResult(1000, [500], [2000], [1000], [999], [1000]);

        var row = Assert.Single(ReportRows.Build(new BenchResults { Bulk = short1 }));

        Assert.False(row.Met);
        Assert.Contains("stored per run: 1000 invites, 999 audit entries", row.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void The_preview_accepts_every_row_of_the_benchmarks_csv()
    {
        var rows = BulkCreation.Rows(1000, "bench-room");

        Assert.Equal(1000, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsValid));
        Assert.Equal(1000, rows.Select(r => r.Form.UserId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(667, rows.Count(r => r.Email.Length > 0));
    }

    [Fact]
    public void Bulk_only_writes_no_report_unless_asked()
    {
        Assert.Equal((true, null), (BenchOptions.Parse(["--bulk-only"]).BulkOnly, BenchOptions.Parse(["--bulk-only"]).Output));
        Assert.Equal("docs/bulk.md", BenchOptions.Parse(["--bulk-only", "--output", "docs/bulk.md"]).Output);
        Assert.Equal((1000, 3, "docs/performance.md"), (BenchOptions.Parse([]).BulkRows, BenchOptions.Parse([]).BulkRuns, BenchOptions.Parse([]).Output));
        Assert.Equal((250, 2), (BenchOptions.Parse(["--bulk", "250", "--bulk-runs", "2"]).BulkRows, BenchOptions.Parse(["--bulk", "250", "--bulk-runs", "2"]).BulkRuns));
    }
}
