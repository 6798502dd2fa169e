using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Bulk;

/// <summary>One portal for the creator tests; each test makes its own batch and looks only at that batch's rows.</summary>
public sealed class BulkCreatorPortal : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new();

    public async Task InitializeAsync()
    {
        await Portal.CreateAdministratorAsync();
        await Portal.CreateStaffAsync("helpdesk@example.test", StaffRoles.Helpdesk);
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}

/// <summary>Issue 14: a batch is created in chunks, each invite audited, cancel keeps what was made, and codes stay out of the trail.</summary>
public sealed class BulkInviteCreatorTests(BulkCreatorPortal fixture) : IClassFixture<BulkCreatorPortal>
{
    private PortalFactory Portal => fixture.Portal;

    /// <summary>Reports straight away on the creating thread (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class Reports(Action<BulkProgress>? then = null) : IProgress<BulkProgress>
    {
        public List<BulkProgress> Seen { get; } = [];

        public void Report(BulkProgress value)
        {
            Seen.Add(value);
            then?.Invoke(value);
        }
    }

    private static IReadOnlyList<BulkPreviewRow> Rows(int count, string room = "bulk-room", string role = StaffRoles.Administrator, string extraColumns = "",
        string extraCells = "", string reason = "")
    {
        var csv = "name,user id,e-mail" + extraColumns + "\n" + string.Concat(Enumerable.Range(1, count).Select(i =>
            $"Person {i},{(i % 2 == 0 ? "" : $"person-{i}")},{(i % 3 == 0 ? "" : $"p{i}@example.org")}{extraCells}\n"));
        var parsed = BulkCsv.Parse(csv);
        Assert.True(parsed.Succeeded, parsed.Error);
        var preview = BulkPreview.Check(parsed.Rows, new BulkBatch(room, Reason: reason, RoomTitle: "Training"), new BulkStaff(role, []), new HashSet<string>());
        return preview.Rows;
    }

    private BulkTerms Terms(string room = "bulk-room", int days = 7, DateTimeOffset? startsAt = null) => new("Training 3 March",
        new BulkBatch(room, RoomTitle: "Training"), Portal.Clock.GetUtcNow(), Portal.Clock.GetUtcNow().AddDays(days), 2,
        startsAt, startsAt?.AddHours(1));

    private async Task<BulkCreateOutcome> CreateAsync(BulkTerms terms, IReadOnlyList<BulkPreviewRow> rows, IProgress<BulkProgress>? progress = null,
        CancellationToken cancellationToken = default, string email = PortalFactory.AdminEmail)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BulkInviteCreator>().CreateAsync(terms, rows, await Portal.ActorAsync(email),
            new Uri(Portal.BaseUrl + "/"), progress, cancellationToken);
    }

    private ApplicationDbContext Database() => Portal.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

    [Fact]
    public async Task A_batch_is_created_in_chunks_with_one_audit_entry_per_invite_and_one_for_the_batch()
    {
        var rows = Rows(450);
        var progress = new Reports();
        var startsAt = Portal.Clock.GetUtcNow().AddDays(2);

        var outcome = await CreateAsync(Terms(startsAt: startsAt), rows, progress);

        Assert.Null(outcome.Error);
        Assert.Equal(new BulkProgress[] { new(200, 450), new(400, 450), new(450, 450) }, progress.Seen);
        await using var db = Database();
        var batch = await db.InviteBatches.SingleAsync(b => b.Id == outcome.Batch!.Id);
        Assert.Equal((InviteBatchState.Created, 450, 450, "Training 3 March", "bulk-room"), (batch.State, batch.Requested, batch.Created, batch.Name, batch.RoomId));
        Assert.NotNull(batch.FinishedAt);
        var invites = await db.Invites.Where(i => i.BatchId == batch.Id).OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(450, invites.Count);
        Assert.Equal(rows.Select(r => (r.Form.DisplayName, r.Form.UserId, r.Email.Length > 0 ? r.Email : null)),
            invites.Select(i => (i.DisplayName, i.UserId, i.Email)));
        Assert.All(invites, i => Assert.Equal((InviteKind.Personal, startsAt, startsAt.AddHours(1), 2), (i.Kind, i.StartsAt, i.EndsAt, i.MaxUses)));
        Assert.Equal(450, invites.Select(i => i.CodeHash).Distinct().Count());

        var ids = invites.Select(i => (int?)i.Id).ToList();
        var perInvite = await db.AuditEntries.Where(e => e.Kind == AuditKinds.InviteCreated && ids.Contains(e.InviteId)).ToListAsync();
        Assert.Equal(ids.Order(), perInvite.Select(e => e.InviteId).Order());
        Assert.All(perInvite, e => Assert.Contains($"in batch #{batch.Id}", e.Detail));
        var batchEntry = Assert.Single(await db.AuditEntries.Where(e => e.Kind == AuditKinds.InviteBatchCreated && e.Detail!.Contains($"batch #{batch.Id} ")).ToListAsync());
        Assert.Contains("450 of 450 invites created, room bulk-room", batchEntry.Detail);
        Assert.Equal("ok", batchEntry.Outcome);
    }

    [Fact]
    public async Task Cancelling_stops_between_chunks_keeps_what_was_created_and_marks_the_batch_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Reports(_ => cancel.Cancel());

        var outcome = await CreateAsync(Terms(), Rows(450), progress, cancel.Token);

        Assert.True(outcome.Cancelled);
        Assert.Equal(BulkInviteCreator.ChunkSize, outcome.Invites.Count);
        await using var db = Database();
        var batch = await db.InviteBatches.SingleAsync(b => b.Id == outcome.Batch!.Id);
        Assert.Equal((InviteBatchState.Cancelled, 450, 200), (batch.State, batch.Requested, batch.Created));
        Assert.Equal(200, await db.Invites.CountAsync(i => i.BatchId == batch.Id));
        var entry = Assert.Single(await db.AuditEntries.Where(e => e.Kind == AuditKinds.InviteBatchCancelled && e.Detail!.Contains($"batch #{batch.Id} ")).ToListAsync());
        Assert.Contains("200 of 450 invites created (stopped; the created ones were kept)", entry.Detail);
    }

    [Fact]
    public async Task The_links_returned_open_their_invites_and_the_codes_reach_neither_the_audit_trail_nor_the_log()
    {
        var outcome = await CreateAsync(Terms(), Rows(5));

        await using var db = Database();
        var codes = outcome.Invites.Select(c => c.Url[(c.Url.LastIndexOf('/') + 1)..]).ToList();
        Assert.All(outcome.Invites, c => Assert.StartsWith(Portal.BaseUrl + "/j/", c.Url));
        Assert.Equal(outcome.Invites.Select(c => c.Invite.CodeHash), codes.Select(InviteCodes.Hash));
        var trail = string.Join("\n", (await db.AuditEntries.ToListAsync()).Select(e => $"{e.Detail} {e.Reason} {e.DisplayName} {e.Design}"));
        var log = string.Join("\n", Portal.Logs.Lines);
        Assert.All(codes, code => Assert.DoesNotContain(code, trail));
        Assert.All(codes, code => Assert.DoesNotContain(code, log));
    }

    [Fact]
    public async Task Rows_with_errors_are_refused_and_nothing_is_created()
    {
        var rows = Rows(3).Select((r, i) => i == 1 ? r with { Errors = [new BulkCellError("user id", "all", "reserved")] } : r).ToList();

        var outcome = await CreateAsync(Terms("refused-room"), rows);

        Assert.Equal("Row 3 still has errors: fix or skip it first. No invites were created.", outcome.Error);
        Assert.Null(outcome.Batch);
        await using var db = Database();
        Assert.False(await db.InviteBatches.AnyAsync(b => b.RoomId == "refused-room"));
    }

    [Fact]
    public async Task Terms_are_checked_as_for_single_invites()
    {
        var outcome = await CreateAsync(Terms("long-room", days: 45), Rows(2, "long-room"));

        Assert.Equal("Invites can be valid for at most 30 days (set by an Administrator).", outcome.Error);
        Assert.Null(outcome.Batch);
    }

    [Fact]
    public async Task A_role_that_may_not_issue_administrator_links_is_refused_even_with_rows_checked_for_another_role()
    {
        var rows = Rows(2, "admin-room", extraColumns: ",administrator", extraCells: ",yes", reason: "ticket 7");
        var terms = Terms("admin-room") with { Batch = new BulkBatch("admin-room", Reason: "ticket 7", RoomTitle: "Training") };

        var outcome = await CreateAsync(terms, rows, email: "helpdesk@example.test");

        Assert.Equal("Row 2: your role (Helpdesk) may not issue administrator links.", outcome.Error);
    }

    [Fact]
    public async Task Rows_checked_for_another_room_are_refused()
    {
        var outcome = await CreateAsync(Terms("room-b"), Rows(2, "room-a"));

        Assert.Equal("Row 2 was checked for another room or has changed since: check the rows again.", outcome.Error);
    }
}
