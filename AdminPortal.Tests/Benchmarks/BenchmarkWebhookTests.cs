using System.Text;
using AdminPortal.Benchmarks.Load;
using AdminPortal.Webhooks;

namespace AdminPortal.Tests.Benchmarks;

/// <summary>
/// The benchmark signs its webhooks with its own few lines (it runs the published portal and cannot use the app's JWT helper);
/// the portal's verifier must accept them and read them as a stored join, or the webhook figure would measure 401s.
/// </summary>
public class BenchmarkWebhookTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_636_800);

    [Fact]
    public void The_portal_verifies_the_benchmarks_webhook_and_reads_it_as_a_join_with_its_own_event_id()
    {
        var body = SignedWebhook.ParticipantJoined(7, Now);
        var token = SignedWebhook.Token(body, "bench-key", "bench-secret", Now);

        Assert.Equal(WebhookRejection.None, WebhookVerifier.Verify(token, token, body, "bench-key", "bench-secret", Now));
        var read = WebhookEndpoints.Read(body, Now);
        Assert.NotNull(read);
        Assert.Equal(("participant_joined", SignedWebhook.RoomId, "u-7", "PA_7", Now), (read.Event, read.RoomId, read.UserId, read.ParticipantSid, read.CreatedAt));
        Assert.True(Guid.TryParse(read.EventId, out _));
        Assert.NotEqual(read.EventId, WebhookEndpoints.Read(SignedWebhook.ParticipantJoined(7, Now), Now)!.EventId);
    }

    [Fact]
    public void The_benchmarks_token_covers_the_exact_body_key_and_secret()
    {
        var body = SignedWebhook.ParticipantJoined(1, Now);
        var token = SignedWebhook.Token(body, "bench-key", "bench-secret", Now);
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("u-1", "u-2", StringComparison.Ordinal));

        Assert.Equal(WebhookRejection.BodyMismatch, WebhookVerifier.Verify(token, null, changed, "bench-key", "bench-secret", Now));
        Assert.Equal(WebhookRejection.WrongIssuer, WebhookVerifier.Verify(token, null, body, "other-key", "bench-secret", Now));
        Assert.Equal(WebhookRejection.BadSignature, WebhookVerifier.Verify(token, null, body, "bench-key", "other-secret", Now));
        Assert.Equal(WebhookRejection.Expired, WebhookVerifier.Verify(token, null, body, "bench-key", "bench-secret", Now.AddMinutes(7)));
    }
}
