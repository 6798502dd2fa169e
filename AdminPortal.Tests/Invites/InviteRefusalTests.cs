using System.Net;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>plugNmeet saying no (validation error, blocked user) is told apart from plugNmeet not answering.</summary>
public sealed class InviteRefusalTests : IAsyncLifetime
{
    private FakeUpstream _upstream = default!;
    private PortalFactory _portal = default!;
    private readonly InviteVisitor _visitor = new();
    private volatile string _joinTokenReply = "ok";

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = ReplyAsync;
        _portal = new PortalFactory
        {
            Settings =
            {
                ["PlugNmeet:ServerUrl"] = _upstream.Url, ["PlugNmeet:ClientUrl"] = "https://meet.example.test", ["PlugNmeet:ApiKey"] = "key", ["PlugNmeet:ApiSecret"] = "secret-0123456789",
                ["PlugNmeet:TimeoutSeconds"] = "1", ["Invites:OpensPerMinute"] = "1000",
            },
        };
        await _portal.CreateAdministratorAsync();
    }

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    /// <summary>A plugNmeet server whose getJoinToken answer the test chooses: a token, a refusal (HTTP 200, status false), a dropped connection or silence.</summary>
    private async Task ReplyAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Path.Value!.EndsWith("/isRoomActive", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync("""{"status":true,"msg":"room is active","is_active":true}""");
            return;
        }
        switch (_joinTokenReply)
        {
            case "refuse":
                await context.Response.WriteAsync("""{"status":false,"msg":"this user is blocked from the room"}""");
                break;
            case "refuse-at-length":
                await context.Response.WriteAsync($$"""{"status":false,"msg":"{{new string('x', 10_000)}}"}""");
                break;
            case "bad-gateway": // a proxy in front of plugNmeet whose upstream is down
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
                break;
            case "drop":
                context.Abort();
                break;
            case "hang":
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                break;
            default:
                var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"exp":4102444800}""")).TrimEnd('=');
                await context.Response.WriteAsync($$"""{"status":true,"msg":"token generated","token":"eyJhbGciOiJIUzI1NiJ9.{{payload}}.c2ln"}""");
                break;
        }
    }

    private async Task<string> CreateAsync()
    {
        var now = _portal.Clock.GetUtcNow();
        await using var scope = _portal.Services.CreateAsyncScope();
        var invites = scope.ServiceProvider.GetRequiredService<InviteService>();
        var admin = await _portal.ActorAsync();
        Assert.Null(await invites.SaveSettingsAsync(admin, 30, "Call the helpdesk on 0123 456."));
        var outcome = await invites.CreateAsync(new JoinLinkForm { RoomId = "board", DisplayName = "Kim Chair", UserId = "kim" },
            new InviteTerms(InviteKind.Personal, now, now.AddDays(3), 1), admin, new Uri(_portal.BaseUrl + "/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Url!;
    }

    private async Task<Invite> InviteAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites.AsNoTracking().SingleAsync();
    }

    [Fact]
    public async Task A_refusal_says_the_invite_cannot_be_used_as_it_is_and_staff_see_why()
    {
        var url = await CreateAsync();
        _joinTokenReply = "refuse";

        var refused = await _visitor.JoinAsync(url);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("This invite cannot be used as it is", refused.Body);
        Assert.Contains("Call the helpdesk on 0123 456.", refused.Body);
        Assert.DoesNotContain("try again", refused.Body, StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Response.Headers.Contains("Retry-After"));
        var invite = await InviteAsync();
        Assert.Equal(0, invite.Uses); // the use is given back
        Assert.Contains("this user is blocked from the room", invite.LastRefusal);
        Assert.Equal(_portal.Clock.GetUtcNow(), invite.LastRefusalAt);
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var entry = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.SingleAsync(e => e.Kind == AuditKinds.InviteUseRefused);
            Assert.Equal("refused", entry.Outcome);
            Assert.Contains("this user is blocked from the room", entry.Detail);
        }

        _joinTokenReply = "ok"; // staff fixed it on the server: the next use works and the reason is cleared
        Assert.Equal(HttpStatusCode.SeeOther, (await _visitor.JoinAsync(url)).Status);
        Assert.Null((await InviteAsync()).LastRefusal);
        Assert.Null((await InviteAsync()).LastRefusalAt);
    }

    [Fact]
    public async Task A_refusal_message_of_any_length_is_kept_within_the_audit_limit()
    {
        var url = await CreateAsync();
        _joinTokenReply = "refuse-at-length";

        Assert.Equal(HttpStatusCode.Conflict, (await _visitor.JoinAsync(url)).Status);

        var kept = (await InviteAsync()).LastRefusal!;
        Assert.Equal(AuditLimits.Detail, kept.Length);
        Assert.EndsWith("x…", kept);
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("hang")]
    [InlineData("bad-gateway")]
    public async Task Only_an_unreachable_or_silent_server_says_try_again_in_a_minute(string reply)
    {
        var url = await CreateAsync();
        _joinTokenReply = reply;

        var outage = await _visitor.JoinAsync(url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.Status);
        Assert.Contains("Please try again in a minute.", outage.Body);
        Assert.Equal(TimeSpan.FromSeconds(60), outage.Response.Headers.RetryAfter!.Delta);
        var invite = await InviteAsync();
        Assert.Equal(0, invite.Uses);
        Assert.Null(invite.LastRefusal);
        _joinTokenReply = "ok";
        Assert.Equal(HttpStatusCode.SeeOther, (await _visitor.JoinAsync(url)).Status);
    }
}
