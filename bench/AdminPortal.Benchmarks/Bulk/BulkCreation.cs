using System.Diagnostics;
using System.Security.Claims;
using AdminPortal.Audit;
using AdminPortal.Benchmarks.Portal;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Setup;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Benchmarks.Bulk;

/// <summary>What the bulk-creation figure measured: per repetition, the batch's and the one-at-a-time baseline's time and what each stored.</summary>
internal sealed record BulkResult(int Rows, List<double> BatchMs, List<double> SingleMs, List<int> BatchInvites, List<int> BatchAudited, List<int> SingleInvites);

/// <summary>
/// Issue 14's "1,000 invites in at most 10 s": the page is Blazor and there is no HTTP API for a batch, so the portal's own
/// services (<c>AddPortal</c>, Production, its appsettings.json) run in this process on a fresh SQLite file made by its
/// migrations. A batch goes through <see cref="BulkInviteCreator"/> from rows parsed and previewed as the page does; the
/// baseline is the same rows made one at a time with <see cref="InviteService.CreateAsync"/>, as staff had to before.
/// </summary>
internal static class BulkCreation
{
    private const string Email = "bench-admin@example.test";

    public static async Task<BulkResult> MeasureAsync(string work, int rows, int runs, Action<string>? say = null)
    {
        Directory.CreateDirectory(work);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = Path.Combine(PortalPublish.RepositoryRoot, "AdminPortal"),
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DefaultConnection"] = $"DataSource={Path.Combine(work, "bulk.db")}",
            // Never called: creating invites does not talk to plugNmeet; the address only has to be valid.
            ["PlugNmeet:ServerUrl"] = "http://127.0.0.1:9",
            ["PlugNmeet:ApiKey"] = "bench-key",
            ["PlugNmeet:ApiSecret"] = "bench-secret-bench-secret-bench-secret",
            ["PlugNmeet:ClientUrl"] = "https://meet.example.com",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPortal();
        await using var app = builder.Build();
        await app.PreparePortalAsync();
        var actor = await AdministratorAsync(app.Services);
        var baseUri = new Uri("http://127.0.0.1:5000/");

        say?.Invoke("    warm-up (a batch of 200 and 20 single invites, not counted)");
        await BatchAsync(app.Services, actor, baseUri, Rows(200, "bench-warm-batch"));
        await OneAtATimeAsync(app.Services, actor, baseUri, Rows(20, "bench-warm-single"));

        var result = new BulkResult(rows, [], [], [], [], []);
        for (var run = 1; run <= runs; run++)
        {
            // Alternating batch and baseline, so both see the same moments of a shared machine.
            var (batchMs, invites, audited) = await BatchAsync(app.Services, actor, baseUri, Rows(rows, $"bench-batch-{run}"));
            result.BatchMs.Add(batchMs);
            result.BatchInvites.Add(invites);
            result.BatchAudited.Add(audited);
            var (singleMs, singles) = await OneAtATimeAsync(app.Services, actor, baseUri, Rows(rows, $"bench-single-{run}"));
            result.SingleMs.Add(singleMs);
            result.SingleInvites.Add(singles);
            say?.Invoke($"    run {run}: batch {batchMs / 1000:0.00} s ({invites:N0} invites, {audited:N0} audit entries); one at a time {singleMs / 1000:0.00} s ({singles:N0} invites)");
        }
        return result;
    }

    /// <summary>The CSV a school would paste (name, user id for every other row, e-mail for two rows in three), parsed and previewed as on the page.</summary>
    internal static IReadOnlyList<BulkPreviewRow> Rows(int count, string room)
    {
        var csv = "name;user id;e-mail\r\n" + string.Concat(Enumerable.Range(1, count).Select(i =>
            $"Pupil {i};{(i % 2 == 0 ? "" : $"pupil-{i}")};{(i % 3 == 0 ? "" : $"pupil{i}@school.example")}\r\n"));
        var parsed = BulkCsv.Parse(csv);
        if (!parsed.Succeeded)
        {
            throw new BenchmarkException($"The benchmark's CSV was refused: {parsed.Error}");
        }
        var preview = BulkPreview.Check(parsed.Rows, Batch(room), new BulkStaff(StaffRoles.Administrator, []), new HashSet<string>());
        if (preview.Rows.FirstOrDefault(r => !r.IsValid) is { } invalid)
        {
            throw new BenchmarkException($"The preview refused row {invalid.Source.Row} of the benchmark's CSV.");
        }
        return preview.Rows;
    }

    private static BulkBatch Batch(string room) => new(room, RoomTitle: "Bench training");

    private static async Task<(double Ms, int Invites, int Audited)> BatchAsync(IServiceProvider services, StaffActor actor, Uri baseUri,
        IReadOnlyList<BulkPreviewRow> rows)
    {
        var room = rows[0].Form.RoomId;
        var now = DateTimeOffset.UtcNow;
        await using var scope = services.CreateAsyncScope();
        var creator = scope.ServiceProvider.GetRequiredService<BulkInviteCreator>();
        var clock = Stopwatch.StartNew();
        var outcome = await creator.CreateAsync(new BulkTerms($"Bench {room}", Batch(room), now, now.AddDays(7), 2), rows, actor, baseUri);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (outcome.Error is not null || outcome.Batch is null)
        {
            throw new BenchmarkException($"The bulk creator refused the benchmark's batch: {outcome.Error}");
        }
        var id = outcome.Batch.Id;
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var invites = await db.Invites.CountAsync(i => i.BatchId == id);
        var perInvite = await db.AuditEntries.CountAsync(a => a.Kind == AuditKinds.InviteCreated && db.Invites.Any(i => i.Id == a.InviteId && i.BatchId == id));
        var forBatch = await db.AuditEntries.CountAsync(a => a.Kind == AuditKinds.InviteBatchCreated && a.RoomId == room);
        return (ms, invites, perInvite + forBatch);
    }

    private static async Task<(double Ms, int Invites)> OneAtATimeAsync(IServiceProvider services, StaffActor actor, Uri baseUri, IReadOnlyList<BulkPreviewRow> rows)
    {
        var now = DateTimeOffset.UtcNow;
        var terms = new InviteTerms(InviteKind.Personal, now, now.AddDays(7), 2);
        var created = 0;
        var clock = Stopwatch.StartNew();
        foreach (var row in rows)
        {
            // A scope per invite, as each Create on the page is its own request on the circuit.
            await using var scope = services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(row.Form, terms, actor, baseUri);
            if (!outcome.Succeeded)
            {
                throw new BenchmarkException($"The invite service refused row {row.Source.Row}: {outcome.Error ?? string.Join(", ", outcome.FieldErrors.Values)}");
            }
            created++;
        }
        return (clock.Elapsed.TotalMilliseconds, created);
    }

    /// <summary>The first administrator, made as <c>/setup</c> makes it, and the actor the services see for them.</summary>
    private static async Task<StaffActor> AdministratorAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)) + "aA1!";
        var made = await scope.ServiceProvider.GetRequiredService<FirstRunSetup>()
            .CreateAdministratorAsync(users, scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), Email, password);
        if (!made.Succeeded)
        {
            throw new BenchmarkException("Could not create the benchmark's administrator: " + string.Join(", ", made.Errors.Select(e => e.Description)));
        }
        var user = await users.FindByEmailAsync(Email) ?? throw new BenchmarkException("The benchmark's administrator was not stored.");
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "bench"));
        return await services.GetRequiredService<StaffDirectory>().FindActorAsync(principal, "127.0.0.1")
            ?? throw new BenchmarkException("The benchmark's administrator is not an active staff member.");
    }
}
