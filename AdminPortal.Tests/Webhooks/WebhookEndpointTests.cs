using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Data;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Webhooks;

/// <summary>
/// <c>POST /webhooks/plugnmeet</c> on the real portal (sandbox credentials): verified events are stored once per id, anything
/// unverified is a bare 401 and stored nowhere, and a body over 64 KB is refused before it is read further.
/// </summary>
public sealed class WebhookEndpointTests(WebhookEndpointTests.Portal portal) : IClassFixture<WebhookEndpointTests.Portal>
{
    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public Task InitializeAsync() => CreateAdministratorAsync();

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }

    private static byte[] Event(string id, string name = "participant_joined", string user = "ann-1") => Encoding.UTF8.GetBytes(
        $$"""{"event":"{{name}}","room":{"sid":"RM_1","room_id":"webhook-room"},"participant":{"sid":"PA_ann","permission":{"hidden":true},"identity":"{{user}}","name":"Ann","joined_at":"1795636790"},"id":"{{id}}","created_at":"1795636800","num_dropped":2}""");

    private string Token(byte[] body, string? secret = null) => TestHelpers.Webhooks.Token(portal, body, secret);

    private Task<HttpResponseMessage> PostAsync(byte[] body, string? authorization, string? hashToken = null) =>
        TestHelpers.Webhooks.PostAsync(portal, body, authorization, hashToken);

    private async Task<List<WebhookEvent>> StoredAsync(string eventId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().WebhookEvents.Where(e => e.EventId == eventId).ToListAsync();
    }

    [Fact]
    public async Task A_verified_event_is_stored_with_what_attendance_needs_and_a_retried_delivery_is_stored_once()
    {
        var body = Event("evt-stored");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body, Token(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body, null, Token(body))).StatusCode); // the retry, in Hash-Token only

        var stored = Assert.Single(await StoredAsync("evt-stored"));
        Assert.Equal(("participant_joined", "webhook-room", "RM_1", "ann-1", 2), (stored.Event, stored.RoomId, stored.RoomSid, stored.UserId, stored.NumDropped));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_795_636_800), stored.CreatedAt);
        Assert.Equal(("Ann", "PA_ann", true), (stored.UserName, stored.ParticipantSid, stored.Hidden));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_795_636_790), stored.ParticipantJoinedAt);
        Assert.Equal(portal.Clock.GetUtcNow(), stored.ReceivedAt);
        Assert.Equal(Encoding.UTF8.GetString(body), stored.Body);
    }

    [Fact]
    public async Task Unverified_requests_get_a_bare_401_and_nothing_is_stored()
    {
        var body = Event("evt-refused");
        var changed = Event("evt-refused", user: "ann-2");

        var answers = new[]
        {
            await PostAsync(body, null),
            await PostAsync(body, Token(body, secret: "not-the-secret-of-this-portal")),
            await PostAsync(changed, Token(body)),
            await PostAsync(body, "garbage"),
        };

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            answers.Select(a => a.StatusCode));
        foreach (var answer in answers)
        {
            Assert.Equal("", await answer.Content.ReadAsStringAsync());
        }
        Assert.Empty(await StoredAsync("evt-refused"));
        Assert.DoesNotContain(portal.Logs.Lines, line => line.Contains(portal.Connection.ApiSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_and_a_signed_body_that_is_not_an_event_is_not_stored()
    {
        var huge = new byte[65 * 1024];
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(huge, Token(huge))).StatusCode);

        var notAnEvent = "[1,2,3]"u8.ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(notAnEvent, Token(notAnEvent))).StatusCode);
    }

    [Fact]
    public async Task The_settings_page_says_where_webhooks_go_and_when_the_last_verified_one_arrived()
    {
        using var http = new PortalHttp(portal);
        await http.SignInAsync();
        var address = portal.BaseUrl.TrimEnd('/') + WebhookEndpoints.Path;
        var body = Event("evt-settings-page");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body, Token(body))).StatusCode);
        var page = await (await http.GetAsync("settings/plugnmeet")).Content.ReadAsStringAsync();

        Assert.Contains($"<code class=\"webhook-address\"", page);
        Assert.Contains(address, page);
        Assert.Contains("Last verified webhook from plugNmeet:", page);
        Assert.DoesNotContain("No verified webhook", page);
    }
}
