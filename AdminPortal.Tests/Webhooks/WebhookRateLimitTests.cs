using System.Net;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminPortal.Tests.Webhooks;

/// <summary>
/// <c>Webhooks:RequestsPerMinute</c> limits <c>POST /webhooks/plugnmeet</c> per client address: beyond it the answer is 429 and
/// the event is not stored, even when it is correctly signed.
/// </summary>
public sealed class WebhookRateLimitTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new() { Settings = { ["Webhooks:RequestsPerMinute"] = "3" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_request_beyond_the_limit_in_a_minute_gets_429_and_its_event_is_not_stored()
    {
        var ids = Enumerable.Range(1, 4).Select(i => $"evt-limit-{i}").ToList();
        var statuses = new List<HttpStatusCode>();
        foreach (var id in ids)
        {
            var body = TestHelpers.Webhooks.Body("participant_joined", "limit-room", "RM_limit", _portal.Clock.GetUtcNow(), userId: "u-1", id: id);
            using var response = await TestHelpers.Webhooks.PostAsync(_portal, body, TestHelpers.Webhooks.Token(_portal, body));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await using var scope = _portal.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().WebhookEvents
            .Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).OrderBy(e => e).ToListAsync();
        Assert.Equal(ids.Take(3), stored);
    }

    [Fact]
    public async Task Without_the_setting_the_limit_is_1200_per_minute()
    {
        await using var portal = new PortalFactory();
        _ = portal.BaseUrl;

        Assert.Equal(1200, portal.Services.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestsPerMinute);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_limit_below_1_stops_the_portal_with_the_key_to_fix(string limit)
    {
        await using var portal = new PortalFactory { Settings = { ["Webhooks:RequestsPerMinute"] = limit } };

        var error = Assert.ThrowsAny<Exception>(() => portal.BaseUrl);

        Assert.Contains("Webhooks:RequestsPerMinute must be at least 1.", error.ToString());
    }
}
