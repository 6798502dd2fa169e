using AdminPortal.Attendance;
using AdminPortal.Components.Shared;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.TimeZones;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Attendance;

public sealed class PresenceSummaryTests : PortalBunitContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 2, 0, TimeSpan.Zero);
    public PresenceSummaryTests() : base(JSRuntimeMode.Loose)
    {
        Services.AddScoped<BrowserTimeZone>();
        Clock.SetUtcNow(T0.AddMinutes(20));
    }

    private static Presence Stay(int? joined, int? left, PresenceEnd end, bool? hidden = null) =>
        new("room", "RM_1", "ann", "Ann", joined is { } j ? T0.AddMinutes(j) : null, left is { } l ? T0.AddMinutes(l) : null, end, hidden);

    private string Text(params Presence[] stays) =>
        Render<PresenceSummary>(p => p.Add(c => c.Presences, stays)).Find(".presence-summary").TextContent.Trim();

    [Fact]
    public void Says_never_joined_in_the_room_now_or_when_they_left_and_for_how_long()
    {
        Assert.Equal("never joined", Text());
        Assert.Equal("joined 10:02 UTC · in the room now (20 min)", Text(Stay(0, null, PresenceEnd.InRoom)));
        Assert.Equal("joined 10:02 UTC, left 10:47 UTC (45 min)", Text(Stay(0, 45, PresenceEnd.Left)));
        Assert.Equal("joined 10:02 UTC, room ended 12:10 UTC (2 h 08 min)", Text(Stay(0, 128, PresenceEnd.RoomEnded)));
        Assert.Equal("joined (time not reported), left 10:47 UTC", Text(Stay(null, 45, PresenceEnd.Left)));
        Assert.Equal("joined 10:02 UTC · in the room now (hidden) (20 min)", Text(Stay(0, null, PresenceEnd.InRoom, hidden: true)));
    }

    [Fact]
    public void Several_stays_are_listed_in_order_and_the_root_class_says_whether_someone_is_in_the_room()
    {
        var cut = Render<PresenceSummary>(p => p.Add(c => c.Presences, [Stay(0, 5, PresenceEnd.Left), Stay(10, null, PresenceEnd.InRoom)]));

        Assert.Contains("presence-now", cut.Find(".presence-summary").ClassList);
        Assert.Equal("joined 10:02 UTC, left 10:07 UTC (5 min); joined 10:12 UTC · in the room now (10 min)", cut.Find(".presence-summary").TextContent.Trim());
    }
}
