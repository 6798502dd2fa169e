using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminPortal.Tests.Invites;

/// <summary>
/// Join is idempotent per landing page view (a double-click does not burn a one-use invite), and a use being opened is
/// "try again in a moment" (503), not "already used" (410).
/// </summary>
public sealed class InviteDoubleJoinTests : IAsyncLifetime
{
    private readonly FaultyPortal _portal = new();
    private readonly InviteVisitor _visitor = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
    }

    private TimeSpan Lease => _portal.Services.GetRequiredService<IOptions<InviteOptions>>().Value.UseLease;

    private async Task<string> CreateOneUseAsync()
    {
        var now = _portal.Clock.GetUtcNow();
        await using var scope = _portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
            new JoinLinkForm { RoomId = "double-click", DisplayName = "Kim Chair", UserId = "kim" },
            new InviteTerms(InviteKind.Personal, now, now.AddDays(3), 1), await _portal.ActorAsync(), new Uri(_portal.BaseUrl + "/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Url!;
    }

    private async Task<(int Uses, int Leases, int TokensAudited)> StateAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return ((await db.Invites.SingleAsync()).Uses, await db.InviteUseLeases.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed && e.TokenSha256 != null));
    }

    [Fact]
    public async Task Pressing_join_twice_on_one_view_gets_the_same_redirect_and_uses_the_invite_once()
    {
        var url = await CreateOneUseAsync();
        var (token, nonce) = await _visitor.LandingFormAsync(url);
        using var reserved = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        _portal.Faults.OnStep = step =>
        {
            if (step == InviteUseStep.AfterReserve)
            {
                reserved.Release();
                release.Wait(TimeSpan.FromSeconds(60)); // the first press is in flight, holding the lease
            }
        };

        using var other = new InviteVisitor();
        var (otherToken, otherNonce) = await other.LandingFormAsync(url); // someone else has the page open too

        var first = _visitor.PostAsync(url, token, nonce: nonce);
        Assert.True(await reserved.WaitAsync(TimeSpan.FromSeconds(60)));
        var second = _visitor.PostAsync(url, token, nonce: nonce);
        var stranger = await other.PostAsync(url, otherToken, nonce: otherNonce); // and presses Join while the use is in flight
        await Task.WhenAny(second, Task.Delay(500)); // give the second press time to arrive; it must wait, not answer
        release.Set();
        var (firstAnswer, secondAnswer) = (await first, await second);
        var later = await _visitor.PostAsync(url, token, nonce: nonce); // a third press after it finished (a resent form)

        Assert.Equal(HttpStatusCode.SeeOther, firstAnswer.Status);
        Assert.Equal(HttpStatusCode.SeeOther, secondAnswer.Status);
        Assert.Equal(HttpStatusCode.SeeOther, later.Status);
        Assert.Equal(firstAnswer.Location, secondAnswer.Location);
        Assert.Equal(firstAnswer.Location, later.Location);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stranger.Status);
        Assert.Contains("This invite is being opened right now. Please try again in a moment.", stranger.Body);
        Assert.Equal(Lease, stranger.Response.Headers.RetryAfter!.Delta); // the clock stood still: the whole lease is left
        Assert.Equal((1, 0, 1), await StateAsync()); // one use, one token
        Assert.Equal(HttpStatusCode.Gone, (await other.OpenAsync(url)).Status); // now it really is used
    }

    [Fact]
    public async Task A_use_held_by_a_dead_process_is_try_again_in_a_moment_until_its_lease_runs_out()
    {
        var url = await CreateOneUseAsync();
        using var other = new InviteVisitor();
        var (otherToken, otherNonce) = await other.LandingFormAsync(url);
        _portal.Faults.DieAt = InviteUseStep.AfterToken;
        Assert.Null((await _visitor.JoinAsync(url)).Location);
        _portal.Faults.DieAt = null;

        _portal.Clock.Advance(TimeSpan.FromSeconds(10.5));
        var busy = await other.PostAsync(url, otherToken, nonce: otherNonce);
        var page = await other.ViewAsync(url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.Status);
        Assert.Contains("This invite is being opened right now. Please try again in a moment.", busy.Body);
        Assert.DoesNotContain("already been used", busy.Body);
        // The seconds until the lease runs out, rounded up.
        Assert.Equal(TimeSpan.FromSeconds(Math.Ceiling((Lease - TimeSpan.FromSeconds(10.5)).TotalSeconds)), busy.Response.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status); // the landing page says so too, without a Join button
        Assert.DoesNotContain("id=\"join\"", page.Body);
        Assert.Equal(busy.Response.Headers.RetryAfter, page.Response.Headers.RetryAfter);
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            Assert.Contains(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.ToListAsync(),
                e => e.Kind == AuditKinds.InviteUseRefused && e.Detail!.Contains("has no use left while one is being opened"));
        }

        _portal.Clock.Advance(Lease);
        var joined = await other.PostAsync(url, otherToken, nonce: otherNonce); // the same view, pressed again, now works

        Assert.Equal(HttpStatusCode.SeeOther, joined.Status);
        Assert.Equal((1, 0, 1), await StateAsync());
    }
}
