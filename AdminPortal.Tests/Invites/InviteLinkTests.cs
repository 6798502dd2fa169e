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

public sealed class InviteLinkTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new() { Settings = { ["Invites:OpensPerMinute"] = "1000" } };
    private readonly InviteVisitor _visitor = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
    }

    private static JoinLinkForm Form(string room = "invite-room") => new()
    {
        RoomId = room, RoomTitle = "Parents' evening", DisplayName = "Zoë Ångström", UserId = "zoe-1",
    };

    private async Task<InviteOutcome> CreateAsync(JoinLinkForm form, InviteKind kind = InviteKind.Personal, int? maxUses = null,
        DateTimeOffset? from = null, TimeSpan? validFor = null, string email = PortalFactory.AdminEmail)
    {
        var now = _portal.Clock.GetUtcNow();
        var start = from ?? now;
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(form,
            new InviteTerms(kind, start, start + (validFor ?? TimeSpan.FromDays(7)), maxUses), await _portal.ActorAsync(email),
            new Uri(_portal.BaseUrl + "/"));
    }

    private Task<InviteAnswer> OpenAsync(string url, string? name = null) => _visitor.OpenAsync(url, name);

    [Fact]
    public async Task A_personal_invite_redirects_to_the_conference_with_a_fresh_token_and_creates_the_room()
    {
        var form = Form("fresh-room");
        form.Design["primary_color"] = "#004D90";
        var invite = await CreateAsync(form);
        Assert.True(invite.Succeeded, invite.Error);
        Assert.Matches($"^{_portal.BaseUrl}/j/[A-Za-z0-9_-]{{22}}$", invite.Url);
        Assert.Null(_portal.Sandbox.FindRoom("fresh-room"));

        var first = await OpenAsync(invite.Url!);
        _portal.Clock.Advance(TimeSpan.FromHours(2)); // long after a direct link would have died
        var second = await OpenAsync(invite.Url!);

        foreach (var opened in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.Status);
            Assert.StartsWith($"{_portal.BaseUrl}/sandbox/join/?access_token=", opened.Location);
            Assert.Contains("&custom_design=%7B%22primary_color%22%3A%22%23004D90%22%7D", opened.Location);
            Assert.Equal("no-store", opened.Response.Headers.CacheControl!.ToString());
            Assert.Equal("no-referrer", opened.Response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("Zoë Ångström", (string?)opened.Claims["name"]);
            Assert.Equal("zoe-1", (string?)opened.Claims["user_id"]);
        }
        Assert.True((long)second.Claims["exp"]! > (long)first.Claims["exp"]! + 3600);
        Assert.Equal("Parents' evening", _portal.Sandbox.FindRoom("fresh-room")!.Title);
    }

    [Fact]
    public async Task Validity_window_follows_the_clock()
    {
        var now = _portal.Clock.GetUtcNow();
        var invite = await CreateAsync(Form(), from: now.AddDays(1), validFor: TimeSpan.FromDays(2));

        var early = await OpenAsync(invite.Url!);
        _portal.Clock.Advance(TimeSpan.FromDays(1));
        var inTime = await OpenAsync(invite.Url!);
        _portal.Clock.Advance(TimeSpan.FromDays(2));
        var late = await OpenAsync(invite.Url!);

        Assert.Equal(HttpStatusCode.Forbidden, early.Status);
        Assert.Contains("This invite link is not valid yet", early.Body);
        Assert.Contains($"It opens on <time datetime=\"{invite.Invite!.ValidFrom.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" data-local", early.Body);
        Assert.Equal(HttpStatusCode.SeeOther, inTime.Status);
        Assert.Equal(HttpStatusCode.Gone, late.Status);
        Assert.Contains("This invite link has expired", late.Body);
        Assert.Contains($"It was valid until <time datetime=\"{invite.Invite.ValidUntil.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" data-local", late.Body);
        Assert.Contains("Ask the person who invited you for a new link.", late.Body); // the configured contact text
    }

    [Fact]
    public async Task Revoked_and_used_up_invites_get_their_own_friendly_page()
    {
        var twice = await CreateAsync(Form(), maxUses: 2);
        var revoked = await CreateAsync(Form());
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var invites = scope.ServiceProvider.GetRequiredService<InviteService>();
            var admin = await _portal.ActorAsync();
            Assert.Null(await invites.SaveSettingsAsync(admin, 30, "Call the helpdesk on 0123 456."));
            Assert.Null(await invites.RevokeAsync(admin, revoked.Invite!.Id));
        }

        Assert.Equal(HttpStatusCode.SeeOther, (await OpenAsync(twice.Url!)).Status);
        Assert.Equal(HttpStatusCode.SeeOther, (await OpenAsync(twice.Url!)).Status);
        var third = await OpenAsync(twice.Url!);
        var withdrawn = await OpenAsync(revoked.Url!);

        Assert.Equal(HttpStatusCode.Gone, third.Status);
        Assert.Contains("This invite link has already been used", third.Body);
        Assert.Equal(HttpStatusCode.Gone, withdrawn.Status);
        Assert.Contains("This invite link has been withdrawn", withdrawn.Body);
        Assert.Contains("Call the helpdesk on 0123 456.", withdrawn.Body);
    }

    [Fact]
    public async Task Five_hundred_concurrent_joins_of_a_one_use_invite_give_exactly_one_token()
    {
        var form = Form();
        form.IsHidden = true;
        form.Reason = "INC-50";
        var invite = await CreateAsync(form, maxUses: 1);
        var token = await _visitor.FormTokenAsync(invite.Url!);

        using var start = new ManualResetEventSlim();
        var joins = Enumerable.Range(0, 500).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await _visitor.PostAsync(invite.Url!, token);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(joins);

        Assert.Single(results, r => r.Status == HttpStatusCode.SeeOther);
        // Before the one use is confirmed the others are asked to try again in a moment; after it, told it is used.
        Assert.Equal(499, results.Count(r => r.Status == HttpStatusCode.Gone && r.Body.Contains("already been used")
            || r.Status == HttpStatusCode.ServiceUnavailable && r.Body.Contains("This invite is being opened right now") && r.Response.Headers.RetryAfter is not null));
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(1, (await db.Invites.SingleAsync()).Uses);
        Assert.Empty(await db.InviteUseLeases.ToListAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed && e.TokenSha256 != null));
        Assert.Equal(499, await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUseRefused));
    }

    [Fact]
    public async Task Open_invites_ask_each_visitor_for_a_name_and_give_distinct_user_ids()
    {
        var invite = await CreateAsync(new JoinLinkForm { RoomId = "town-hall", RoomTitle = "Town hall" }, InviteKind.Open);
        Assert.True(invite.Succeeded, invite.Error);

        var landing = await _visitor.ViewAsync(invite.Url!);
        var noName = await OpenAsync(invite.Url!, "  ");
        var ann = await OpenAsync(invite.Url!, "Ann Example");
        var bob = await OpenAsync(invite.Url!, "Ann Example");

        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.Contains("Your name, as others will see it", landing.Body);
        Assert.Contains("Town hall", landing.Body);
        Assert.Equal(HttpStatusCode.BadRequest, noName.Status);
        Assert.Contains("Please type your name.", noName.Body);
        var (annClaims, bobClaims) = (ann.Claims, bob.Claims);
        Assert.Equal("Ann Example", (string?)annClaims["name"]);
        Assert.StartsWith("ann-example-", (string?)annClaims["user_id"]);
        Assert.NotEqual((string?)annClaims["user_id"], (string?)bobClaims["user_id"]);
    }

    [Fact]
    public async Task An_unknown_code_gets_a_plain_not_valid_page_that_reveals_nothing_else()
    {
        await CreateAsync(Form());

        var unknown = await OpenAsync(_portal.BaseUrl + "/j/AAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("This invite link is not valid", unknown.Body);
        Assert.DoesNotContain("Parents' evening", unknown.Body);
        Assert.DoesNotContain("Ask the person who invited you", unknown.Body);
        Assert.DoesNotContain("expired", unknown.Body);
        Assert.Equal("no-store", unknown.Response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task An_open_administrator_invite_needs_the_risk_confirmed_in_the_service_too()
    {
        var form = new JoinLinkForm { RoomId = "board-room", IsAdmin = true, Reason = "Board meeting" };
        var now = _portal.Clock.GetUtcNow();
        await using var scope = _portal.Services.CreateAsyncScope();
        var invites = scope.ServiceProvider.GetRequiredService<InviteService>();
        var admin = await _portal.ActorAsync();

        var unconfirmed = await invites.CreateAsync(form, new InviteTerms(InviteKind.Open, now, now.AddDays(1), null), admin, new Uri(_portal.BaseUrl + "/"));
        var confirmed = await invites.CreateAsync(form, new InviteTerms(InviteKind.Open, now, now.AddDays(1), null, AdministratorRiskAccepted: true),
            admin, new Uri(_portal.BaseUrl + "/"));

        Assert.False(unconfirmed.Succeeded);
        Assert.Contains("makes everyone who opens it an administrator", unconfirmed.FieldErrors["Terms"]);
        Assert.True(confirmed.Succeeded, confirmed.Error);
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(1, await db.Invites.CountAsync());
    }

    [Fact]
    public async Task Creation_follows_role_reason_and_validity_rules_and_is_audited()
    {
        await _portal.CreateStaffAsync("mod@example.test", StaffRoles.Moderator);
        var hidden = Form();
        hidden.IsHidden = true;
        hidden.Reason = "x";
        var noReason = Form();
        noReason.IsAdmin = true;

        Assert.Equal("Your role (Moderator) may not issue hidden links.", (await CreateAsync(hidden, email: "mod@example.test")).Error);
        Assert.Contains("Reason", (await CreateAsync(noReason)).FieldErrors.Keys);
        Assert.Contains("at most 30 days", (await CreateAsync(Form(), validFor: TimeSpan.FromDays(31))).FieldErrors["Terms"]);
        var created = await CreateAsync(Form(), email: "mod@example.test");
        await OpenAsync(created.Url!);

        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stored = await db.Invites.SingleAsync();
        Assert.DoesNotContain(created.Url!.Split('/')[^1], stored.CodeHash + stored.SealedCode);
        var entries = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(entries, e => e.Kind == AuditKinds.InviteRefused && e.Actor == "mod@example.test");
        var creation = Assert.Single(entries, e => e.Kind == AuditKinds.InviteCreated);
        Assert.Equal(("mod@example.test", "zoe-1"), (creation.Actor, creation.UserId));
        var use = Assert.Single(entries, e => e.Kind == AuditKinds.InviteUsed);
        Assert.Equal(($"invite #{stored.Id} by mod@example.test", "127.0.0.1", "ok"), (use.Actor, use.ClientIp, use.Outcome));
        Assert.NotNull(use.TokenSha256);

        var invites = scope.ServiceProvider.GetRequiredService<InviteService>();
        Assert.Single((await invites.ListAsync(await _portal.ActorAsync("mod@example.test"))).Items);
        Assert.Single((await invites.ListAsync(await _portal.ActorAsync())).Items);
        await _portal.CreateStaffAsync("other@example.test", StaffRoles.Moderator);
        var other = await _portal.ActorAsync("other@example.test");
        Assert.Empty((await invites.ListAsync(other)).Items);
        Assert.NotNull(await invites.RevokeAsync(other, stored.Id));
        Assert.Equal(created.Url, await invites.UrlForAsync(await _portal.ActorAsync("mod@example.test"), stored.Id, new Uri(_portal.BaseUrl + "/")));
    }

    [Fact]
    public async Task An_invite_ends_when_its_creator_is_disabled_or_loses_the_right_to_issue_it()
    {
        await _portal.CreateStaffAsync("mod@example.test", StaffRoles.Moderator);
        await _portal.CreateStaffAsync("mod2@example.test", StaffRoles.Moderator);
        var form = Form();
        form.IsAdmin = true;
        form.Reason = "Chair";
        var disabledCreator = await CreateAsync(form, email: "mod@example.test");
        var demotedCreator = await CreateAsync(form, email: "mod2@example.test");
        Assert.Equal(HttpStatusCode.SeeOther, (await OpenAsync(disabledCreator.Url!)).Status);

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var staff = scope.ServiceProvider.GetRequiredService<StaffService>();
            var admin = await _portal.ActorAsync();
            var members = await staff.ListAsync(admin);
            Assert.True((await staff.SetDisabledAsync(admin, members.Single(m => m.Email == "mod@example.test").Id, true)).Succeeded);
            Assert.True((await staff.ChangeRoleAsync(admin, members.Single(m => m.Email == "mod2@example.test").Id, StaffRoles.Helpdesk)).Succeeded);
        }

        foreach (var url in new[] { disabledCreator.Url!, demotedCreator.Url! })
        {
            var refused = await OpenAsync(url);
            Assert.Equal(HttpStatusCode.Gone, refused.Status);
            Assert.Contains("This invite link has been withdrawn", refused.Body);
        }
    }

    [Fact]
    public void The_rate_limit_counts_an_ipv6_64_as_one_client()
    {
        Assert.Equal("2001:db8:1:2::/64", AdminPortal.Limits.ClientAddresses.Partition(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
        Assert.Equal("2001:db8:1:2::/64", AdminPortal.Limits.ClientAddresses.Partition(IPAddress.Parse("2001:db8:1:2::1")));
        Assert.Equal("192.0.2.7", AdminPortal.Limits.ClientAddresses.Partition(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal("unknown", AdminPortal.Limits.ClientAddresses.Partition(null));
    }

    [Fact]
    public async Task Extending_moves_the_end_but_not_beyond_the_maximum()
    {
        var invite = await CreateAsync(Form(), validFor: TimeSpan.FromDays(1));
        await using var scope = _portal.Services.CreateAsyncScope();
        var invites = scope.ServiceProvider.GetRequiredService<InviteService>();
        var admin = await _portal.ActorAsync();
        _portal.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Gone, (await OpenAsync(invite.Url!)).Status);

        Assert.Null(await invites.ExtendAsync(admin, invite.Invite!.Id, _portal.Clock.GetUtcNow().AddDays(7)));
        Assert.Contains("at most 30 days", await invites.ExtendAsync(admin, invite.Invite.Id, _portal.Clock.GetUtcNow().AddDays(40)));
        Assert.Equal(HttpStatusCode.SeeOther, (await OpenAsync(invite.Url!)).Status);
    }
}

public sealed class InviteRateLimitTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new() { Settings = { ["Invites:OpensPerMinute"] = "3" } };

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Opens_beyond_the_limit_per_address_get_a_friendly_429_with_retry_after()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await http.GetAsync(_portal.BaseUrl + "/j/AAAAAAAAAAAAAAAAAAAAAA");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Please wait a minute and try again.", await last!.Content.ReadAsStringAsync());
        // Seconds until the one-minute window resets: at least 1, at most the window.
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(_portal.BaseUrl + "/Account/Login")).StatusCode); // the rest of the portal is not limited
    }
}
