using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Hosting;

/// <summary>Creates an invite through the service, as the generator page does, for tests that then open it over HTTP.</summary>
internal static class TestInvites
{
    public static async Task<InviteOutcome> CreateAsync(PortalFactory portal, string room, int? maxUses = 5)
    {
        var start = portal.Clock.GetUtcNow();
        await using var scope = portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
            new JoinLinkForm { RoomId = room, DisplayName = "Ann", UserId = "ann-1" },
            new InviteTerms(InviteKind.Personal, start, start.AddDays(1), maxUses), await portal.ActorAsync(), new Uri(portal.BaseUrl + "/"));
        Assert.NotNull(outcome.Url);
        return outcome;
    }
}
