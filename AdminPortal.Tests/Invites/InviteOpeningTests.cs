using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>Opening is two steps: GET shows the landing page (link scanners stop there), the antiforgery-checked POST joins.</summary>
public sealed class InviteOpeningTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new() { Settings = { ["Invites:OpensPerMinute"] = "1000" } };
    private readonly InviteVisitor _visitor = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<InviteOutcome> CreateAsync(JoinLinkForm form, InviteKind kind = InviteKind.Personal, int? maxUses = 1)
    {
        var now = _portal.Clock.GetUtcNow();
        await using var scope = _portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(form,
            new InviteTerms(kind, now, now.AddDays(3), maxUses), await _portal.ActorAsync(), new Uri(_portal.BaseUrl + "/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome;
    }

    private async Task<(int Uses, int UseEntries, int Leases)> StateAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return ((await db.Invites.SingleAsync()).Uses,
            await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed || e.Kind == AuditKinds.InviteUseRefused),
            await db.InviteUseLeases.CountAsync());
    }

    [Fact]
    public async Task Link_scanners_that_only_get_and_head_never_use_the_invite_or_start_the_room()
    {
        var invite = await CreateAsync(new JoinLinkForm { RoomId = "scanned-room", RoomTitle = "Board meeting", DisplayName = "Kim Chair", UserId = "kim" });

        for (var i = 0; i < 25; i++)
        {
            var seen = await _visitor.ViewAsync(invite.Url!);
            Assert.Equal(HttpStatusCode.OK, seen.Status);
            var head = await _visitor.SendAsync(new HttpRequestMessage(HttpMethod.Head, invite.Url));
            Assert.Equal(HttpStatusCode.OK, head.Status);
        }

        Assert.Equal((0, 0, 0), await StateAsync());
        Assert.Null(_portal.Sandbox.FindRoom("scanned-room"));
        // The one real visitor still gets in, once.
        var joined = await _visitor.JoinAsync(invite.Url!);
        Assert.Equal(HttpStatusCode.SeeOther, joined.Status);
        Assert.Equal("Kim Chair", (string?)joined.Claims["name"]);
        Assert.Equal((1, 1, 0), await StateAsync());
    }

    [Fact]
    public async Task The_landing_page_says_who_it_is_for_the_room_the_validity_and_offers_join()
    {
        var personal = await CreateAsync(new JoinLinkForm { RoomId = "board", RoomTitle = "Board meeting", DisplayName = "Kim Chair", UserId = "kim" });
        var untitled = await CreateAsync(new JoinLinkForm { RoomId = "room-without-title" }, InviteKind.Open, maxUses: null);

        var page = await _visitor.ViewAsync(personal.Url!);
        var open = await _visitor.ViewAsync(untitled.Url!);

        Assert.Contains("Invitation for <strong>Kim Chair</strong>", page.Body);
        Assert.Contains("Board meeting", page.Body);
        // In UTC as sent; js/local-times.js shows it in the visitor's zone (machine-readable in datetime).
        Assert.Contains($"Valid until <time datetime=\"{personal.Invite!.ValidUntil.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" data-local id=\"invite-valid-until\">" +
            $"{personal.Invite.ValidUntil.UtcDateTime:d MMMM yyyy, HH:mm} UTC</time>.", page.Body);
        Assert.Contains("<script type=\"module\" src=\"js/local-times.js\"></script>", page.Body);
        Assert.Contains("This link works once", page.Body);
        Assert.Contains("id=\"join\"", page.Body);
        Assert.DoesNotContain("visitor-name", page.Body);
        Assert.True(page.Response.Headers.CacheControl!.NoStore); // antiforgery adds no-cache as well
        Assert.Contains("room-without-title", open.Body); // no title: the room id
        Assert.Contains("Your name, as others will see it", open.Body);
        Assert.Contains("id=\"join\"", open.Body);
        Assert.DoesNotContain("works once", open.Body);
    }

    [Fact]
    public async Task An_open_invite_never_cuts_a_long_name_and_explains_name_problems_in_plain_words()
    {
        var invite = await CreateAsync(new JoinLinkForm { RoomId = "town-hall" }, InviteKind.Open, maxUses: null);
        var longName = new string('n', 150);

        var landing = await _visitor.ViewAsync(invite.Url!);
        var blank = await _visitor.JoinAsync(invite.Url!, "   ");
        var tooLong = await _visitor.JoinAsync(invite.Url!, longName);
        var invisible = await _visitor.JoinAsync(invite.Url!, "\u3164\u200B");
        var reversed = await _visitor.JoinAsync(invite.Url!, "Ann \u202Eelpmaxe");

        Assert.DoesNotContain("maxlength", landing.Body); // the browser would cut a long paste without a word
        Assert.Contains("Up to 100 characters", landing.Body);
        Assert.Contains("Please type your name.", blank.Body);
        Assert.Contains("Your name can be at most 100 characters (you have 150).", tooLong.Body);
        Assert.Contains($"value=\"{longName}\"", tooLong.Body); // given back whole, for the visitor to shorten
        Assert.Contains("Your name has no visible letters", invisible.Body);
        Assert.Contains("Your name contains invisible text-direction characters; please retype it.", reversed.Body);
        foreach (var refused in new[] { blank, tooLong, invisible, reversed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.DoesNotContain("Display name", refused.Body);
            Assert.DoesNotContain("U+", refused.Body);
        }
        Assert.Equal((0, 0, 0), await StateAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("CfDJ8-forged-token")]
    public async Task Join_without_a_valid_antiforgery_token_gets_a_friendly_400_and_uses_nothing(string? token)
    {
        var invite = await CreateAsync(new JoinLinkForm { RoomId = "board", DisplayName = "Kim Chair", UserId = "kim" });
        using var fresh = new InviteVisitor(); // no antiforgery cookie either

        var refused = await fresh.PostAsync(invite.Url!, token);
        var crossSite = await _visitor.PostAsync(invite.Url!, await fresh.FormTokenAsync(invite.Url!)); // a token from another browser

        foreach (var answer in new[] { refused, crossSite })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Contains("Please open the invite link again", answer.Body);
            Assert.Null(answer.Location);
        }
        Assert.Equal((0, 0, 0), await StateAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await fresh.JoinAsync(invite.Url!)).Status);
    }

    [Fact]
    public async Task Refusal_pages_stay_on_get_and_a_used_up_invite_has_no_join_button()
    {
        var invite = await CreateAsync(new JoinLinkForm { RoomId = "board", DisplayName = "Kim Chair", UserId = "kim" });
        Assert.Equal(HttpStatusCode.SeeOther, (await _visitor.JoinAsync(invite.Url!)).Status);

        var again = await _visitor.ViewAsync(invite.Url!);

        Assert.Equal(HttpStatusCode.Gone, again.Status);
        Assert.Contains("This invite link has already been used", again.Body);
        Assert.DoesNotContain("id=\"join\"", again.Body);
    }
}
