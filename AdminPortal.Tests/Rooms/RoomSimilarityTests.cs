using AdminPortal.Rooms;

namespace AdminPortal.Tests.Rooms;

public sealed class RoomSimilarityTests
{
    [Theory]
    [InlineData("Weekly", "weekly")] // case only, any length
    [InlineData("ABC", "abc")]
    [InlineData("weekly-stnadup", "weekly-standup")] // two letters swapped: one edit
    [InlineData("weekly-standu", "weekly-standup")]
    [InlineData("wekly-standupp", "weekly-standup")] // two edits
    [InlineData("room", "room-1")]
    public void Resembles(string typed, string running) => Assert.Equal(running, RoomSimilarity.Closest(typed, [running, "unrelated-room"]));

    [Theory]
    [InlineData("abc", "abd")] // short ids: only case differences count
    [InlineData("wkly-stndupp", "weekly-standup")] // three edits
    [InlineData("weekly-standup", "weekly-standup")] // the same room is no suggestion
    [InlineData("lecture", "weekly")]
    public void Does_not_resemble(string typed, string running) => Assert.Null(RoomSimilarity.Closest(typed, [running]));

    [Fact]
    public void The_nearest_running_room_wins() =>
        Assert.Equal("class-10a", RoomSimilarity.Closest("class-10b", ["class-11c", "class-10a"]));
}
