using AdminPortal.Attendance;
using AdminPortal.Data;
using AdminPortal.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// Verified webhook events written straight into a component test's database, as the webhook endpoint stores them (the endpoint
/// itself and its signatures are tested over HTTP with <see cref="Webhooks"/>).
/// </summary>
public static class WebhookRows
{
    public static WebhookEvent Started(string room, string sid, DateTimeOffset at, int dropped = 0) =>
        Row(AttendanceFold.RoomStarted, room, sid, at, dropped: dropped);

    public static WebhookEvent Finished(string room, string sid, DateTimeOffset at) => Row(AttendanceFold.RoomFinished, room, sid, at);

    public static WebhookEvent Joined(string room, string sid, string userId, DateTimeOffset at, bool? hidden = null) =>
        Row(AttendanceFold.ParticipantJoined, room, sid, at, userId, at, hidden);

    public static WebhookEvent Left(string room, string sid, string userId, DateTimeOffset joined, DateTimeOffset at) =>
        Row(AttendanceFold.ParticipantLeft, room, sid, at, userId, joined);

    public static void Add(IServiceProvider services, params WebhookEvent[] events)
    {
        using var db = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        db.WebhookEvents.AddRange(events);
        db.SaveChanges();
    }

    // One connection per user id and session is enough here: the participant sid pairs the join with its leave.
    private static WebhookEvent Row(string name, string room, string sid, DateTimeOffset at, string? userId = null, DateTimeOffset? joined = null,
        bool? hidden = null, int dropped = 0) => new()
    {
        EventId = Guid.NewGuid().ToString(), Event = name, RoomId = room, RoomSid = sid, UserId = userId, UserName = userId,
        ParticipantSid = userId is null ? null : $"PA_{sid}_{userId}", ParticipantJoinedAt = joined, Hidden = hidden,
        CreatedAt = at, ReceivedAt = at, NumDropped = dropped, Body = "{}",
    };
}
