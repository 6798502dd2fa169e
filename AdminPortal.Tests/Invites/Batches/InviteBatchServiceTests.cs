using AdminPortal.Audit;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites.Batches;

/// <summary>Batches as groups: counts by status, revoke and extend all together (audited per invite and per batch), and who may see a batch.</summary>
public sealed class InviteBatchServiceTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private PortalFactory Portal => fixture.Portal;

    private async Task<StaffActor> StaffAsync(string email, string role)
    {
        await Portal.CreateStaffAsync(email, role);
        return await Portal.ActorAsync(email);
    }

    private async Task<T> WithServiceAsync<T>(Func<InviteBatchService, Task<T>> use)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<InviteBatchService>());
    }

    private Task<SeededBatch> SeedAsync(StaffActor owner, int count, string name = "Training 3 March", bool isAdmin = false) =>
        InviteBatchSeed.CreateAsync(Portal.Services, owner, count, Portal.Clock.GetUtcNow(), name, isAdmin: isAdmin);

    private static List<AuditEntry> About(IEnumerable<AuditEntry> entries, SeededBatch seeded) =>
        [.. entries.Where(e => e.InviteId is { } id && seeded.InviteIds.Contains(id) || e.Detail?.Contains($"batch #{seeded.Batch.Id} ", StringComparison.Ordinal) == true)];

    [Fact]
    public async Task A_batch_is_listed_with_its_invites_counted_by_status()
    {
        var owner = await StaffAsync("counts@example.test", StaffRoles.Moderator);
        var seeded = await SeedAsync(owner, 6, "Counted batch");
        var now = Portal.Clock.GetUtcNow();
        var ids = seeded.InviteIds;
        await InviteBatchSeed.UpdateAsync(Portal.Services, ids[0], i => i.RevokedAt = now);
        await InviteBatchSeed.UpdateAsync(Portal.Services, ids[1], i => (i.ValidFrom, i.ValidUntil) = (now.AddDays(-3), now.AddMinutes(-1)));
        await InviteBatchSeed.UpdateAsync(Portal.Services, ids[2], i => i.Uses = 2);
        await InviteBatchSeed.UpdateAsync(Portal.Services, ids[3], i => i.ValidFrom = now.AddDays(1));

        var summary = Assert.Single(await WithServiceAsync(s => s.ListAsync(owner)), b => b.Batch.Id == seeded.Batch.Id);

        Assert.Equal((6, 2, 1, 1, 1, 1), (summary.Total, summary.Active, summary.NotYetValid, summary.Expired, summary.Revoked, summary.UsedUp));
        Assert.Equal("6 invites: 2 active, 1 not yet valid, 1 expired, 1 revoked, 1 used up", summary.Counts);
    }

    [Fact]
    public async Task Staff_see_their_own_batches_and_administrators_see_all()
    {
        var first = await StaffAsync("first@example.test", StaffRoles.Moderator);
        var second = await StaffAsync("second@example.test", StaffRoles.Helpdesk);
        var mine = await SeedAsync(first, 1, "First's batch");
        var theirs = await SeedAsync(second, 1, "Second's batch");

        var seenByFirst = (await WithServiceAsync(s => s.ListAsync(first))).Select(b => b.Batch.Id).ToList();
        var admin = await Portal.ActorAsync();
        var seenByAdmin = (await WithServiceAsync(s => s.ListAsync(admin))).Select(b => b.Batch.Id).ToList();

        Assert.Contains(mine.Batch.Id, seenByFirst);
        Assert.DoesNotContain(theirs.Batch.Id, seenByFirst);
        Assert.Contains(mine.Batch.Id, seenByAdmin);
        Assert.Contains(theirs.Batch.Id, seenByAdmin);
    }

    [Fact]
    public async Task Revoke_all_revokes_every_invite_together_with_one_audit_entry_each_and_one_for_the_batch()
    {
        var owner = await StaffAsync("revoker@example.test", StaffRoles.Moderator);
        var seeded = await SeedAsync(owner, 5, "Revoked batch");
        var other = await SeedAsync(owner, 2, "Untouched batch");
        await InviteBatchSeed.UpdateAsync(Portal.Services, seeded.InviteIds[4], i => i.RevokedAt = Portal.Clock.GetUtcNow().AddHours(-1));

        Assert.Null(await WithServiceAsync(s => s.RevokeAllAsync(owner, seeded.Batch.Id)));

        var invites = await InviteBatchSeed.InvitesAsync(Portal.Services, seeded.Batch.Id);
        Assert.All(invites, i => Assert.Equal(InviteStatus.Revoked, i.StatusAt(Portal.Clock.GetUtcNow())));
        Assert.All(await InviteBatchSeed.InvitesAsync(Portal.Services, other.Batch.Id), i => Assert.Null(i.RevokedAt));
        var entries = About(await InviteBatchSeed.AuditAsync(Portal.Services), seeded);
        Assert.All(entries, e => Assert.Equal((AuditKinds.InviteChanged, owner.Email), (e.Kind, e.Actor)));
        Assert.Equal(seeded.InviteIds.Take(4), entries.Where(e => e.InviteId is not null).Select(e => e.InviteId!.Value));
        Assert.Contains($"revoked invite #{seeded.InviteIds[0]} for room training (batch #{seeded.Batch.Id})", entries[0].Detail);
        var batchEntry = Assert.Single(entries, e => e.InviteId is null);
        Assert.Equal($"revoked batch #{seeded.Batch.Id} \"Revoked batch\": 4 invites revoked together", batchEntry.Detail);

        Assert.Equal("Every invite of batch \"Revoked batch\" is already revoked.", await WithServiceAsync(s => s.RevokeAllAsync(owner, seeded.Batch.Id)));
        Assert.Equal(5, About(await InviteBatchSeed.AuditAsync(Portal.Services), seeded).Count);
    }

    [Fact]
    public async Task Someone_elses_batch_is_not_found_for_revoke_extend_or_links_and_nothing_changes()
    {
        var owner = await StaffAsync("owner@example.test", StaffRoles.Moderator);
        var stranger = await StaffAsync("stranger@example.test", StaffRoles.Moderator);
        var seeded = await SeedAsync(owner, 2, "Private batch");
        var until = Portal.Clock.GetUtcNow().AddDays(5);

        Assert.Equal("That batch does not exist or is not yours.", await WithServiceAsync(s => s.RevokeAllAsync(stranger, seeded.Batch.Id)));
        Assert.Equal("That batch does not exist or is not yours.", await WithServiceAsync(s => s.ExtendAllAsync(stranger, seeded.Batch.Id, until)));
        Assert.Null(await WithServiceAsync(s => s.LinksAsync(stranger, seeded.Batch.Id, new Uri("http://portal.test/"))));
        Assert.Null(await WithServiceAsync(s => s.LinksAsync(owner, 999_999, new Uri("http://portal.test/"))));

        Assert.All(await InviteBatchSeed.InvitesAsync(Portal.Services, seeded.Batch.Id), i => Assert.Equal((null, seeded.Batch.ValidUntil), (i.RevokedAt, i.ValidUntil)));
        Assert.Empty(About(await InviteBatchSeed.AuditAsync(Portal.Services), seeded));
        var admin = await Portal.ActorAsync();
        Assert.NotNull(await WithServiceAsync(s => s.LinksAsync(admin, seeded.Batch.Id, new Uri("http://portal.test/"))));
    }

    [Fact]
    public async Task Extend_all_moves_the_end_of_every_invite_that_can_still_be_opened_and_audits_each()
    {
        var owner = await StaffAsync("extender@example.test", StaffRoles.Moderator);
        var seeded = await SeedAsync(owner, 4, "Extended batch");
        var before = seeded.Batch.ValidUntil;
        await InviteBatchSeed.UpdateAsync(Portal.Services, seeded.InviteIds[2], i => i.Uses = 2); // used up: more time would not help
        await InviteBatchSeed.UpdateAsync(Portal.Services, seeded.InviteIds[3], i => i.RevokedAt = Portal.Clock.GetUtcNow());
        var until = Portal.Clock.GetUtcNow().AddDays(10);

        Assert.Null(await WithServiceAsync(s => s.ExtendAllAsync(owner, seeded.Batch.Id, until)));

        var invites = await InviteBatchSeed.InvitesAsync(Portal.Services, seeded.Batch.Id);
        Assert.Equal([until, until, before, before], invites.Select(i => i.ValidUntil));
        Assert.Equal(until, (await WithServiceAsync(s => s.ListAsync(owner))).Single(b => b.Batch.Id == seeded.Batch.Id).Batch.ValidUntil);
        var entries = About(await InviteBatchSeed.AuditAsync(Portal.Services), seeded);
        Assert.Equal(seeded.InviteIds.Take(2), entries.Where(e => e.InviteId is not null).Select(e => e.InviteId!.Value));
        Assert.Contains($"extended invite #{seeded.InviteIds[0]} to {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC", entries[0].Detail);
        Assert.Contains("2 invites now valid until", Assert.Single(entries, e => e.InviteId is null).Detail);
    }

    [Fact]
    public async Task Extend_all_beyond_the_longest_validity_or_beyond_the_role_changes_nothing()
    {
        var owner = await StaffAsync("helpdesk-extender@example.test", StaffRoles.Helpdesk);
        var seeded = await SeedAsync(owner, 2, "Limited batch");
        var admins = await SeedAsync(owner, 2, "Administrators' batch", isAdmin: true);

        var tooLong = await WithServiceAsync(s => s.ExtendAllAsync(owner, seeded.Batch.Id, Portal.Clock.GetUtcNow().AddDays(31)));
        var forbidden = await WithServiceAsync(s => s.ExtendAllAsync(owner, admins.Batch.Id, Portal.Clock.GetUtcNow().AddDays(5)));

        Assert.Equal("Invites can be valid for at most 30 days (set by an Administrator).", tooLong);
        Assert.StartsWith("Your role (Helpdesk) may not issue administrator or hidden links, so it cannot extend the 2 invites", forbidden);
        Assert.All(await InviteBatchSeed.InvitesAsync(Portal.Services, seeded.Batch.Id), i => Assert.Equal(seeded.Batch.ValidUntil, i.ValidUntil));
        Assert.All(await InviteBatchSeed.InvitesAsync(Portal.Services, admins.Batch.Id), i => Assert.Equal(admins.Batch.ValidUntil, i.ValidUntil));
        var audit = await InviteBatchSeed.AuditAsync(Portal.Services);
        Assert.Empty(About(audit, seeded));
        Assert.Empty(About(audit, admins));
    }

    [Fact]
    public async Task Links_are_the_invites_urls_in_row_order_and_empty_when_a_code_cannot_be_unsealed()
    {
        var owner = await StaffAsync("links@example.test", StaffRoles.Moderator);
        var seeded = await SeedAsync(owner, 3, "Linked batch");
        await InviteBatchSeed.UpdateAsync(Portal.Services, seeded.InviteIds[1], i => i.SealedCode = "not-a-sealed-code");

        var links = await WithServiceAsync(s => s.LinksAsync(owner, seeded.Batch.Id, new Uri("http://portal.test/")));

        Assert.Equal([1, 2, 3], links!.Links.Select(l => l.Row));
        Assert.Equal(["http://portal.test/j/" + seeded.Members[0].Code, null, "http://portal.test/j/" + seeded.Members[2].Code], links.Links.Select(l => l.Url));
    }
}
