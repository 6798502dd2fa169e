using AdminPortal.PlugNmeet;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>Issue 11: which getJoinToken refusals mean "start the room and ask again" (contract §3.3), and which do not.</summary>
public sealed class RoomNotRunningTests
{
    [Theory]
    [InlineData(PlugNmeetFailure.Refused, "ROOM_NOT_FOUND", "room is not active", true)] // never created, or ended
    [InlineData(PlugNmeetFailure.Refused, "INTERNAL_SERVER_ERROR", "room found in delete status, need to recreate it", true)] // ending
    [InlineData(PlugNmeetFailure.Refused, "USER_BLOCKED", "this user is blocked to join this session", false)]
    [InlineData(PlugNmeetFailure.Refused, "INVALID_PARAMETERS", "validation error: - user_info: value is required", false)]
    [InlineData(PlugNmeetFailure.Refused, "INTERNAL_SERVER_ERROR", "user_id: sip_x is reserved for internal use only", false)]
    [InlineData(PlugNmeetFailure.ServerError, "ROOM_NOT_FOUND", "room is not active", false)] // only a definite answer, never a fault
    [InlineData(PlugNmeetFailure.Timeout, null, null, false)]
    public void Only_a_room_that_is_not_running_is_started_and_asked_again(PlugNmeetFailure failure, string? statusCode, string? msg, bool startRoom)
    {
        var refusal = new PlugNmeetException(failure, "staff-facing text", statusCode, serverMessage: msg);

        Assert.Equal(startRoom, refusal.RoomNotRunning);
    }
}
