using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AdminPortal.Tests.Invites;

/// <summary>A use is a lease: a process that dies mid-use (simulated by <see cref="InviteUseFaults"/>) loses no use for good.</summary>
public sealed class InviteUseLeaseTests : IAsyncLifetime
{
    private readonly FaultyPortal _portal = new();
    private readonly InviteVisitor _visitor = new();

    private InviteUseFaults Faults => _portal.Faults;

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
    }

    private TimeSpan Lease => _portal.Services.GetRequiredService<IOptions<InviteOptions>>().Value.UseLease;

    private async Task<string> CreateOneUseAsync(int? maxUses = 1)
    {
        var now = _portal.Clock.GetUtcNow();
        await using var scope = _portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
            new JoinLinkForm { RoomId = "lease-room", DisplayName = "Kim Chair", UserId = "kim" },
            new InviteTerms(InviteKind.Personal, now, now.AddDays(3), maxUses), await _portal.ActorAsync(), new Uri(_portal.BaseUrl + "/"));
        return outcome.Url!;
    }

    private async Task<(int Uses, int Leases, int TokensAudited)> StateAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return ((await db.Invites.SingleAsync()).Uses, await db.InviteUseLeases.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed && e.TokenSha256 != null));
    }

    [Theory]
    [InlineData("AfterReserve")]
    [InlineData("AfterToken")]
    [InlineData("AtConfirm")]
    public async Task A_use_cut_short_at_any_step_comes_back_when_its_lease_runs_out(string step)
    {
        var url = await CreateOneUseAsync();
        var token = await _visitor.FormTokenAsync(url);
        Faults.DieAt = Enum.Parse<InviteUseStep>(step);

        var died = await _visitor.PostAsync(url, token);

        Assert.Null(died.Location); // no token reached the visitor
        Assert.Equal((1, 1, 0), await StateAsync()); // the use is held by its lease, not lost and not recorded
        Faults.DieAt = null; // "restarted"
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _visitor.OpenAsync(url)).Status); // still held: nobody else gets a second token

        _portal.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var joined = await _visitor.OpenAsync(url);

        Assert.Equal(HttpStatusCode.SeeOther, joined.Status);
        Assert.Equal((1, 0, 1), await StateAsync());
        Assert.Equal(HttpStatusCode.Gone, (await _visitor.OpenAsync(url)).Status);
    }

    [Fact]
    public async Task An_invite_without_a_limit_takes_no_lease_and_counts_the_use_in_the_write_that_records_it()
    {
        var url = await CreateOneUseAsync(maxUses: null);
        (int Uses, int Leases, int TokensAudited)? whileFetching = null;
        Faults.OnStep = step =>
        {
            if (step == InviteUseStep.AfterToken)
            {
                whileFetching = StateAsync().GetAwaiter().GetResult();
            }
        };

        var joined = await _visitor.JoinAsync(url);

        Assert.Equal(HttpStatusCode.SeeOther, joined.Status);
        Assert.Equal((0, 0, 0), whileFetching); // nothing was written before the token came back
        Assert.Equal((1, 0, 1), await StateAsync());
        Faults.OnStep = null;
        Faults.DieAt = InviteUseStep.AfterToken; // a process that dies there has counted nothing and handed out nothing
        Assert.Null((await _visitor.JoinAsync(url)).Location);
        Assert.Equal((1, 0, 1), await StateAsync());
    }

    [Fact]
    public async Task An_invite_without_a_limit_revoked_while_its_token_was_fetched_hands_out_no_token()
    {
        var url = await CreateOneUseAsync(maxUses: null);
        Faults.OnStep = step =>
        {
            if (step == InviteUseStep.AfterToken)
            {
                using var scope = _portal.Services.CreateScope();
                scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites
                    .ExecuteUpdate(s => s.SetProperty(i => i.RevokedAt, _portal.Clock.GetUtcNow()));
            }
        };

        var late = await _visitor.JoinAsync(url);

        Assert.Equal(HttpStatusCode.Gone, late.Status);
        Assert.Null(late.Location);
        Assert.Equal((0, 0, 0), await StateAsync());
        await using var check = _portal.Services.CreateAsyncScope();
        Assert.Contains(await check.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.ToListAsync(),
            e => e.Kind == AuditKinds.InviteUseRefused && e.Detail!.Contains("it ended before the token was recorded; the token was not handed out"));
    }

    [Fact]
    public async Task The_sweep_gives_back_an_expired_use_even_if_nobody_opens_the_invite_again()
    {
        var url = await CreateOneUseAsync();
        Faults.DieAt = InviteUseStep.AfterToken;
        await _visitor.JoinAsync(url);
        Assert.Equal((1, 1, 0), await StateAsync());
        Faults.DieAt = null;

        _portal.Clock.Advance(Lease + TimeSpan.FromSeconds(1)); // the sweeper's timer runs on the same clock
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await StateAsync() != (0, 0, 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal((0, 0, 0), await StateAsync());
        Assert.Contains(_portal.Logs.Lines, l => l.Contains("Gave back 1 invite uses"));
    }

    [Fact]
    public async Task A_slow_use_whose_lease_was_given_back_takes_the_use_again_when_one_is_left()
    {
        var url = await CreateOneUseAsync();
        Faults.OnStep = step =>
        {
            if (step == InviteUseStep.AfterToken)
            {
                Faults.OnStep = null;
                _portal.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
                SweepAsync().GetAwaiter().GetResult();
            }
        };

        var joined = await _visitor.JoinAsync(url);

        Assert.Equal(HttpStatusCode.SeeOther, joined.Status);
        Assert.Equal((1, 0, 1), await StateAsync());
    }

    [Fact]
    public async Task A_slow_use_whose_lease_was_given_back_and_taken_by_someone_else_hands_out_no_token()
    {
        var url = await CreateOneUseAsync();
        Faults.OnStep = step =>
        {
            if (step == InviteUseStep.AfterToken)
            {
                Faults.OnStep = null;
                _portal.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
                SweepAsync().GetAwaiter().GetResult();
                using var scope = _portal.Services.CreateScope(); // meanwhile another visitor took the last use
                scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites.ExecuteUpdate(s => s.SetProperty(i => i.Uses, 1));
            }
        };

        var late = await _visitor.JoinAsync(url);

        Assert.Equal(HttpStatusCode.Gone, late.Status);
        Assert.Null(late.Location);
        Assert.Equal((1, 0, 0), await StateAsync());
        await using var check = _portal.Services.CreateAsyncScope();
        Assert.Contains(await check.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.ToListAsync(),
            e => e.Kind == AuditKinds.InviteUseRefused && e.Detail!.Contains("the token was not handed out"));
    }

    private Task<int> SweepAsync() =>
        _portal.Services.GetServices<IHostedService>().OfType<InviteLeaseSweeper>().Single().SweepAsync(CancellationToken.None);
}

public sealed class InviteLeaseOptionsTests
{
    [Fact]
    public async Task The_lease_defaults_to_three_plugnmeet_timeouts_plus_15_seconds()
    {
        await using var portal = new PortalFactory { Settings = { ["PlugNmeet:TimeoutSeconds"] = "5" } };
        _ = portal.BaseUrl;

        Assert.Equal(TimeSpan.FromSeconds(30), portal.Services.GetRequiredService<IOptions<InviteOptions>>().Value.UseLease);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    public async Task A_lease_outside_1_to_3600_seconds_stops_the_portal_with_the_key_to_fix(string seconds)
    {
        await using var portal = new PortalFactory { Settings = { ["Invites:UseLeaseSeconds"] = seconds } };

        var error = Assert.ThrowsAny<Exception>(() => portal.BaseUrl);

        Assert.Contains("Invites:UseLeaseSeconds must be between 1 and 3600.", error.ToString());
    }
}
