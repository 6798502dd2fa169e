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

/// <summary>Issue 10 over HTTP: undoing a revoke only within its window, the list paged and searched on the server, and branding on /j/ pages.</summary>
public sealed class InviteUndoAndBrandingTests : IAsyncLifetime
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

    private Task<InviteOutcome> CreateAsync(string room = "board", string name = "Kim Chair", string email = PortalFactory.AdminEmail) =>
        WithInvitesAsync((invites, actor) =>
        {
            var now = _portal.Clock.GetUtcNow();
            return invites.CreateAsync(new JoinLinkForm { RoomId = room, RoomTitle = "Board", DisplayName = name, UserId = "kim" },
                new InviteTerms(InviteKind.Personal, now, now.AddDays(3), 2), actor, new Uri(_portal.BaseUrl + "/"));
        }, email);

    private async Task<Invite> StoredAsync(int id)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task<List<string>> ChangeDetailsAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries
            .Where(e => e.Kind == AuditKinds.InviteChanged).OrderBy(e => e.Id).Select(e => e.Detail!).ToListAsync();
    }

    [Fact]
    public async Task Undo_within_the_window_restores_the_invite_exactly_and_is_audited()
    {
        var created = await CreateAsync();
        var id = created.Invite!.Id;
        var before = await StoredAsync(id);
        Assert.Null(await WithInvitesAsync((invites, admin) => invites.RevokeAsync(admin, id)));
        Assert.Equal(HttpStatusCode.Gone, (await _visitor.ViewAsync(created.Url!)).Status);
        _portal.Clock.Advance(InviteService.RevokeUndoWindow - TimeSpan.FromSeconds(1));

        Assert.Null(await WithInvitesAsync((invites, admin) => invites.UndoRevokeAsync(admin, id)));

        var after = await StoredAsync(id);
        Assert.Equivalent(before, after, strict: true);
        Assert.Equal(HttpStatusCode.SeeOther, (await _visitor.JoinAsync(created.Url!)).Status);
        Assert.Contains($"undid the revoke of invite #{id} for room board: restored as it was", await ChangeDetailsAsync());
    }

    [Fact]
    public async Task Undo_after_the_window_is_refused_and_the_invite_stays_revoked()
    {
        var created = await CreateAsync();
        var id = created.Invite!.Id;
        Assert.Null(await WithInvitesAsync((invites, admin) => invites.RevokeAsync(admin, id)));
        _portal.Clock.Advance(InviteService.RevokeUndoWindow + TimeSpan.FromSeconds(1));

        var refused = await WithInvitesAsync((invites, admin) => invites.UndoRevokeAsync(admin, id));

        Assert.Contains("can no longer be restored", refused);
        Assert.NotNull((await StoredAsync(id)).RevokedAt);
        Assert.Equal(HttpStatusCode.Gone, (await _visitor.ViewAsync(created.Url!)).Status);
        Assert.DoesNotContain(await ChangeDetailsAsync(), d => d.StartsWith("undid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_revoke_is_refused_and_nobody_else_can_undo_a_revoke()
    {
        var created = await CreateAsync();
        var id = created.Invite!.Id;
        Assert.Null(await WithInvitesAsync((invites, admin) => invites.RevokeAsync(admin, id)));
        await _portal.CreateStaffAsync("other@example.test", StaffRoles.Moderator);

        Assert.Equal($"Invite #{id} is already revoked.", await WithInvitesAsync((invites, admin) => invites.RevokeAsync(admin, id)));
        Assert.Equal("That invite does not exist or is not yours.",
            await WithInvitesAsync((invites, other) => invites.UndoRevokeAsync(other, id), "other@example.test"));
        Assert.NotNull((await StoredAsync(id)).RevokedAt);
    }

    [Fact]
    public async Task The_list_is_paged_and_searched_in_the_database_and_staff_see_only_their_own()
    {
        await _portal.CreateStaffAsync("mod@example.test", StaffRoles.Moderator);
        for (var i = 1; i <= 27; i++)
        {
            Assert.True((await CreateAsync($"room-{i:00}", $"Person {i:00}")).Succeeded);
        }
        Assert.True((await CreateAsync("mod-room", "Mo Derator", "mod@example.test")).Succeeded);

        var first = await WithInvitesAsync((invites, admin) => invites.ListAsync(admin));
        var second = await WithInvitesAsync((invites, admin) => invites.ListAsync(admin, page: 1));
        var byRoom = await WithInvitesAsync((invites, admin) => invites.ListAsync(admin, "ROOM-07"));
        var byPerson = await WithInvitesAsync((invites, admin) => invites.ListAsync(admin, "person 1"));
        var byCreator = await WithInvitesAsync((invites, admin) => invites.ListAsync(admin, "mod@"));
        var own = await WithInvitesAsync((invites, mod) => invites.ListAsync(mod, "room"), "mod@example.test");

        Assert.Equal((25, 28), (first.Items.Count, first.Total));
        Assert.Equal("mod-room", first.Items[0].RoomId); // newest first
        Assert.Equal(["room-03", "room-02", "room-01"], second.Items.Select(i => i.RoomId));
        Assert.Equal("room-07", Assert.Single(byRoom.Items).RoomId);
        Assert.Equal(10, byPerson.Total); // Person 10 to Person 19
        Assert.Equal("mod-room", Assert.Single(byCreator.Items).RoomId);
        Assert.Equal(("mod-room", 1), (Assert.Single(own.Items).RoomId, own.Total));
    }

    [Fact]
    public async Task Branding_is_saved_audited_and_shown_on_every_invite_page()
    {
        var created = await CreateAsync();
        Assert.Null(await WithInvitesAsync((invites, admin) =>
            invites.SaveSettingsAsync(admin, 30, "Call the helpdesk.", "  Acme Schools  ", "https://cdn.example.com/acme logo.png".Replace(" ", "%20"))));

        var landing = await _visitor.ViewAsync(created.Url!);
        var unknown = await _visitor.ViewAsync(_portal.BaseUrl + "/j/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Null(await WithInvitesAsync((invites, admin) => invites.RevokeAsync(admin, created.Invite!.Id)));
        var withdrawn = await _visitor.ViewAsync(created.Url!);

        foreach (var page in new[] { landing, unknown, withdrawn })
        {
            Assert.Contains("""<img src="https://cdn.example.com/acme%20logo.png" alt="Acme Schools" id="invite-logo" """, page.Body);
            Assert.Contains("""<p id="invite-organisation" """, page.Body);
            Assert.Contains(">Acme Schools</p>", page.Body);
        }
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Gone), (landing.Status, unknown.Status, withdrawn.Status));
        // The logo is an https image: the policy allows those, and scripts stay the portal's own.
        var policy = string.Join(";", landing.Response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("img-src 'self' data: https:;", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("invite settings: longest validity 30 days, contact text \"Call the helpdesk.\", organisation name \"Acme Schools\", " +
            "logo \"https://cdn.example.com/acme%20logo.png\"", await ChangeDetailsAsync());
    }

    [Theory]
    [InlineData("http://example.com/logo.png", "Enter a full https:// address, e.g. https://example.com/logo.png.")]
    [InlineData("javascript:alert%281%29", "Enter a full https:// address")]
    [InlineData("https://example.com/a\"onerror=\"x.png", "This address contains")]
    [InlineData("logo.png", "Enter a full https:// address")]
    public async Task A_logo_address_that_is_not_a_strict_https_url_is_refused_and_nothing_changes(string logo, string message)
    {
        var error = await WithInvitesAsync((invites, admin) => invites.SaveSettingsAsync(admin, 30, "Call us.", "Acme", logo));

        Assert.StartsWith(message, error);
        var settings = await WithInvitesAsync((invites, _) => invites.GetSettingsAsync());
        Assert.Equal(("", null), (settings.OrganisationName, settings.LogoUrl));
        Assert.Empty(await ChangeDetailsAsync());
    }

    [Fact]
    public async Task Branding_longer_than_its_limits_is_refused_with_the_limit_named()
    {
        var longName = await WithInvitesAsync((invites, admin) => invites.SaveSettingsAsync(admin, 30, "Call us.", new string('n', 101)));
        var longLogo = await WithInvitesAsync((invites, admin) => invites.SaveSettingsAsync(admin, 30, "Call us.", "Acme", "https://example.com/" + new string('a', 490)));

        Assert.Equal("The organisation name can be at most 100 characters (it has 101).", longName);
        Assert.Equal("The logo address can be at most 500 characters.", longLogo);
        Assert.Empty(await ChangeDetailsAsync());
    }
}
