namespace AdminPortal.PlugNmeet;

public enum PlugNmeetFailure
{
    /// <summary>HTTP 401: wrong API key or signature.</summary>
    Unauthorized,
    /// <summary>HTTP 404: the URL does not lead to a plugNmeet API.</summary>
    NotFound,
    /// <summary>Connection refused, DNS failure or connection dropped.</summary>
    Unreachable,
    Timeout,
    /// <summary>HTTP 5xx: the server, or a proxy in front of it, is failing or restarting; trying again later may work.</summary>
    ServerError,
    /// <summary>The reply is not a plugNmeet API response (not JSON, no <c>status</c>, unexpected HTTP code).</summary>
    MalformedReply,
    /// <summary>plugNmeet answered <c>status: false</c>; <see cref="PlugNmeetException.StatusCode"/> says why.</summary>
    Refused,
}

/// <summary>A call to plugNmeet failed; <see cref="Exception.Message"/> is written for staff, not developers.</summary>
public sealed class PlugNmeetException(PlugNmeetFailure failure, string message, string? statusCode = null, Exception? inner = null,
    string? serverMessage = null)
    : Exception(message, inner)
{
    public PlugNmeetFailure Failure { get; } = failure;

    /// <summary>plugNmeet's own <c>msg</c> when it refused, e.g. <c>room is not active</c>.</summary>
    public string? ServerMessage { get; } = serverMessage;

    /// <summary>
    /// getJoinToken's answer for a room that is not running: <c>room is not active</c> / <c>ROOM_NOT_FOUND</c> (never created, or
    /// ended), or <c>room found in delete status, need to recreate it</c> (ending as the token was asked for). Contract §3.3.
    /// </summary>
    public bool RoomNotRunning => Failure == PlugNmeetFailure.Refused
        && (StatusCode == "ROOM_NOT_FOUND" || ServerMessage?.Contains("need to recreate it", StringComparison.Ordinal) == true);

    /// <summary>plugNmeet's <c>status_code</c> when it gave one, e.g. <c>ROOM_NOT_FOUND</c>.</summary>
    public string? StatusCode { get; } = statusCode;
}
