using AdminPortal.Attendance;
using AdminPortal.Audit;
using AdminPortal.Webhooks;

namespace AdminPortal.Tests.Attendance;

/// <summary>Sessions and stays from webhook events in any order, with duplicates and gaps; and each stay tied to its token.</summary>
public sealed class AttendanceFoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private long _id;

    private WebhookEvent E(string name, int minute, string? user = null, string? participantSid = null, string sid = "RM_1", int dropped = 0,
        int? joinedMinute = null, int receivedMinute = 0) => new()
    {
        Id = ++_id, EventId = "evt-" + _id, Event = name, RoomId = "room", RoomSid = sid, UserId = user, UserName = user?.ToUpperInvariant(),
        ParticipantSid = participantSid, CreatedAt = T0.AddMinutes(minute), ReceivedAt = T0.AddMinutes(receivedMinute), NumDropped = dropped,
        ParticipantJoinedAt = joinedMinute is { } j ? T0.AddMinutes(j) : null,
    };

    [Fact]
    public void A_session_with_a_join_and_a_leave_gives_one_stay_with_its_times_and_duration()
    {
        var facts = AttendanceFold.Fold([E("room_started", 0), E("participant_joined", 2, "ann", "PA_a"), E("participant_left", 47, "ann", "PA_a"), E("room_finished", 50)]);

        var session = Assert.Single(facts.Sessions);
        Assert.Equal(("RM_1", T0, T0.AddMinutes(50), false), (session.Sid, session.StartedAt!.Value, session.EndedAt!.Value, session.Running));
        var stay = Assert.Single(facts.Presences);
        Assert.Equal((T0.AddMinutes(2), T0.AddMinutes(47), PresenceEnd.Left, "ANN"), (stay.JoinedAt!.Value, stay.LeftAt!.Value, stay.End, stay.Name));
        Assert.Equal(TimeSpan.FromMinutes(45), stay.Duration(T0.AddHours(5)));
    }

    [Fact]
    public void A_leave_that_arrives_before_its_join_still_pairs_with_it()
    {
        var facts = AttendanceFold.Fold([E("participant_left", 30, "ann", "PA_a", receivedMinute: 30), E("participant_joined", 5, "ann", "PA_a", receivedMinute: 31)]);

        var stay = Assert.Single(facts.Presences);
        Assert.Equal((T0.AddMinutes(5), T0.AddMinutes(30), PresenceEnd.Left), (stay.JoinedAt!.Value, stay.LeftAt!.Value, stay.End));
    }

    [Fact]
    public void The_same_event_stored_twice_changes_nothing()
    {
        var join = E("participant_joined", 5, "ann", "PA_a");
        var again = E("participant_joined", 5, "ann", "PA_a");

        var facts = AttendanceFold.Fold([join, again, E("participant_left", 9, "ann", "PA_a")]);

        Assert.Equal(T0.AddMinutes(5), Assert.Single(facts.Presences).JoinedAt);
    }

    [Fact]
    public void Someone_still_in_the_room_is_in_the_room_now_until_the_session_finishes()
    {
        var open = AttendanceFold.Fold([E("room_started", 0), E("participant_joined", 3, "ann", "PA_a")]);
        Assert.True(Assert.Single(open.Presences).InRoomNow);
        Assert.Null(open.Presences[0].LeftAt);
        Assert.Equal(TimeSpan.FromMinutes(7), open.Presences[0].Duration(T0.AddMinutes(10)));

        var ended = AttendanceFold.Fold([E("room_started", 0), E("participant_joined", 3, "ann", "PA_a"), E("room_finished", 20)]);
        Assert.Equal((PresenceEnd.RoomEnded, T0.AddMinutes(20)), (ended.Presences[0].End, ended.Presences[0].LeftAt!.Value));
    }

    [Fact]
    public void Dropped_events_leave_gaps_that_are_closed_sensibly_and_counted()
    {
        // The join was dropped (its leave still says when they joined); another leave was dropped, and the user id joined again later.
        var facts = AttendanceFold.Fold([
            E("participant_left", 40, "bob", "PA_b1", joinedMinute: 10, dropped: 3),
            E("participant_joined", 12, "cat", "PA_c1"),
            E("participant_joined", 50, "cat", "PA_c2"),
        ]);

        var bob = facts.Presences.Single(p => p.UserId == "bob");
        Assert.Equal((T0.AddMinutes(10), T0.AddMinutes(40), PresenceEnd.Left), (bob.JoinedAt!.Value, bob.LeftAt!.Value, bob.End));
        var cat = facts.Presences.Where(p => p.UserId == "cat").OrderBy(p => p.JoinedAt).ToList();
        Assert.Equal((PresenceEnd.NotReported, T0.AddMinutes(50)), (cat[0].End, cat[0].LeftAt!.Value)); // replaced by the same user id
        Assert.True(cat[1].InRoomNow);
        Assert.Equal(3, Assert.Single(facts.Sessions).DroppedEvents);
        Assert.Equal(T0.AddMinutes(10), facts.Sessions[0].StartedAt); // room_started was dropped too: the first stay began it
    }

    [Fact]
    public void A_later_session_ends_stays_of_an_earlier_one_whose_finish_was_never_reported()
    {
        var facts = AttendanceFold.Fold([E("participant_joined", 1, "ann", "PA_a", sid: "RM_1"), E("room_started", 60, sid: "RM_2")]);

        var stay = Assert.Single(facts.Presences);
        Assert.Equal((PresenceEnd.NotReported, T0.AddMinutes(60)), (stay.End, stay.LeftAt!.Value));
        Assert.Equal(2, facts.Sessions.Count);
    }

    [Fact]
    public void Without_participant_sids_a_leave_closes_the_users_open_stay_and_bots_are_not_people()
    {
        var facts = AttendanceFold.Fold([E("participant_joined", 1, "ann"), E("participant_left", 9, "ann"), E("participant_joined", 2, "RECORDER_BOT")]);

        var stay = Assert.Single(facts.Presences);
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(9)), (stay.JoinedAt!.Value, stay.LeftAt!.Value));
    }

    private static Admission Issued(long id, string user, int minute, int? invite = null) => new(id, invite is null ? AuditKinds.LinkIssued : AuditKinds.InviteUsed,
        "room", user, T0.AddMinutes(minute), user, false, false, invite, "staff@example.test");

    [Fact]
    public void A_user_id_issued_twice_matches_each_stay_to_the_token_issued_last_before_it()
    {
        var facts = AttendanceFold.Fold([
            E("participant_joined", 2, "ann", "PA_1"), E("participant_left", 10, "ann", "PA_1"),
            E("participant_joined", 32, "ann", "PA_2"),
            E("participant_joined", 5, "zed", "PA_z"),
        ]);

        var attended = AdmissionMatch.Match(facts.Presences, [Issued(1, "ann", 0), Issued(2, "ann", 30)]);

        Assert.Equal(1, attended.Single(a => a.Presence.JoinedAt == T0.AddMinutes(2)).Admission!.AuditId);
        Assert.Equal(2, attended.Single(a => a.Presence.JoinedAt == T0.AddMinutes(32)).Admission!.AuditId);
        Assert.Null(attended.Single(a => a.Presence.UserId == "zed").Admission); // got in another way
    }

    [Fact]
    public void A_join_within_the_clock_skew_before_its_token_still_matches_but_not_one_long_before()
    {
        var facts = AttendanceFold.Fold([E("participant_joined", 10, "ann", "PA_1"), E("participant_joined", 1, "bob", "PA_2")]);

        var attended = AdmissionMatch.Match(facts.Presences, [Issued(1, "ann", 10) with { IssuedAt = T0.AddMinutes(10).AddSeconds(30) }, Issued(2, "bob", 5)]);

        Assert.Equal(1, attended.Single(a => a.Presence.UserId == "ann").Admission!.AuditId);
        Assert.Null(attended.Single(a => a.Presence.UserId == "bob").Admission);
    }
}
