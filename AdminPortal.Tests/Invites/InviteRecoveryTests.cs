using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>Staff recover an invite: one more use, re-issue with a new code, and an explanation when extending cannot help.</summary>
public sealed class InviteRecoveryTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new() { Settings = { ["Invites:OpensPerMinute"] = "1000" } };
    private readonly InviteVisitor _visitor = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<T> WithInvitesAsync<T>(Func<InviteService, StaffActor, Task<T>> action, string email = PortalFactory.AdminEmail)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<InviteService>(), await _portal.ActorAsync(email));
    }

    private Task<InviteOutcome> CreateAsync(int? maxUses = 1, TimeSpan? validFor = null) => WithInvitesAsync((invites, actor) =>
    {
        var now = _portal.Clock.GetUtcNow();
        return invites.CreateAsync(new JoinLinkForm { RoomId = "board", RoomTitle = "Board", DisplayName = "Kim Chair", UserId = "kim" },
            new InviteTerms(InviteKind.Personal, now, now + (validFor ?? TimeSpan.FromDays(3)), maxUses), actor, new Uri(_portal.BaseUrl + "/"));
    });

    private async Task<List<AuditEntry>> ChangesAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries
            .Where(e => e.Kind == AuditKinds.InviteChanged || e.Kind == AuditKinds.InviteCreated).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Extending_a_used_up_invite_explains_why_and_one_more_use_lets_it_open_again()
    {
        var invite = await CreateAsync();
        var id = invite.Invite!.Id;
        Assert.Equal(HttpStatusCode.SeeOther, (await _visitor.JoinAsync(invite.Url!)).Status);

        var extend = await WithInvitesAsync((invites, admin) => invites.ExtendAsync(admin, id, _portal.Clock.GetUtcNow().AddDays(7)));
        Assert.Equal(HttpStatusCode.Gone, (await _visitor.OpenAsync(invite.Url!)).Status);
        var more = await WithInvitesAsync((invites, admin) => invites.AllowOneMoreUseAsync(admin, id));
        var again = await _visitor.JoinAsync(invite.Url!);

        Assert.Contains("a later end date would not help", extend);
        Assert.Contains("Allow one more use", extend);
        Assert.Null(more);
        Assert.Equal(HttpStatusCode.SeeOther, again.Status);
        Assert.Equal(HttpStatusCode.Gone, (await _visitor.OpenAsync(invite.Url!)).Status);
        Assert.Contains(await ChangesAsync(), e => e.Detail == $"allowed one more use of invite #{id} (now at most 2)" && e.Actor == PortalFactory.AdminEmail);
        var unlimited = (await CreateAsync(maxUses: null)).Invite!.Id;
        Assert.Equal($"Invite #{unlimited} already has unlimited uses.",
            await WithInvitesAsync((invites, admin) => invites.AllowOneMoreUseAsync(admin, unlimited)));
    }

    [Fact]
    public async Task Reissue_gives_a_new_link_with_the_same_settings_and_withdraws_the_old_one()
    {
        var old = await CreateAsync(maxUses: 2, validFor: TimeSpan.FromDays(2));
        _portal.Clock.Advance(TimeSpan.FromDays(1));

        var reissued = await WithInvitesAsync((invites, admin) => invites.ReissueAsync(admin, old.Invite!.Id, new Uri(_portal.BaseUrl + "/")));

        Assert.True(reissued.Succeeded, reissued.Error);
        Assert.NotEqual(old.Url, reissued.Url);
        Assert.StartsWith("data:image/png;base64,", reissued.QrCodeDataUri);
        var (before, after) = (old.Invite!, reissued.Invite!);
        Assert.Equal((before.RoomId, before.RoomTitle, before.DisplayName, before.UserId, before.MaxUses, 0),
            (after.RoomId, after.RoomTitle, after.DisplayName, after.UserId, after.MaxUses, after.Uses));
        Assert.Equal(_portal.Clock.GetUtcNow(), after.ValidFrom); // valid from now, for as long as the old one was
        Assert.Equal(_portal.Clock.GetUtcNow().AddDays(2), after.ValidUntil);
        var withdrawn = await _visitor.OpenAsync(old.Url!);
        Assert.Equal(HttpStatusCode.Gone, withdrawn.Status);
        Assert.Contains("This invite link has been withdrawn", withdrawn.Body);
        var joined = await _visitor.JoinAsync(reissued.Url!);
        Assert.Equal(HttpStatusCode.SeeOther, joined.Status);
        Assert.Equal("Kim Chair", (string?)joined.Claims["name"]);

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites.AsNoTracking().SingleAsync(i => i.Id == before.Id);
            Assert.Equal(after.Id, stored.ReplacedById);
            Assert.NotNull(stored.RevokedAt);
        }
        Assert.Contains(await ChangesAsync(), e => e.Kind == AuditKinds.InviteCreated && e.Detail!.StartsWith($"invite #{after.Id}: re-issue of invite #{before.Id}"));
        var twice = await WithInvitesAsync((invites, admin) => invites.ReissueAsync(admin, before.Id, new Uri(_portal.BaseUrl + "/")));
        Assert.Equal($"Invite #{before.Id} was already re-issued as invite #{after.Id}.", twice.Error);
    }

    [Fact]
    public async Task One_more_use_of_an_expired_or_revoked_invite_says_it_would_not_help_and_changes_nothing()
    {
        var expiring = await CreateAsync();
        var revoked = await CreateAsync();
        Assert.Null(await WithInvitesAsync((invites, admin) => invites.RevokeAsync(admin, revoked.Invite!.Id)));
        _portal.Clock.Advance(TimeSpan.FromDays(3));
        var changesBefore = (await ChangesAsync()).Count;

        var expired = await WithInvitesAsync((invites, admin) => invites.AllowOneMoreUseAsync(admin, expiring.Invite!.Id));
        var withdrawn = await WithInvitesAsync((invites, admin) => invites.AllowOneMoreUseAsync(admin, revoked.Invite!.Id));

        Assert.Contains($"Invite #{expiring.Invite!.Id} expired on", expired);
        Assert.Contains("one more use would not help", expired);
        Assert.Contains("Extend it", expired);
        Assert.Contains($"Invite #{revoked.Invite!.Id} is revoked, so one more use would not help", withdrawn);
        Assert.Contains("Re-issue it", withdrawn);
        await using var scope = _portal.Services.CreateAsyncScope();
        Assert.All(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites.ToListAsync(), i => Assert.Equal(1, i.MaxUses));
        Assert.Equal(changesBefore, (await ChangesAsync()).Count);
    }

    [Fact]
    public async Task Only_the_creator_or_an_administrator_may_recover_an_invite()
    {
        var invite = await CreateAsync();
        await _portal.CreateStaffAsync("other@example.test", StaffRoles.Moderator);

        var more = await WithInvitesAsync((invites, other) => invites.AllowOneMoreUseAsync(other, invite.Invite!.Id), "other@example.test");
        var reissue = await WithInvitesAsync((invites, other) => invites.ReissueAsync(other, invite.Invite!.Id, new Uri(_portal.BaseUrl + "/")), "other@example.test");

        Assert.Equal("That invite does not exist or is not yours.", more);
        Assert.Equal("That invite does not exist or is not yours.", reissue.Error);
    }
}
