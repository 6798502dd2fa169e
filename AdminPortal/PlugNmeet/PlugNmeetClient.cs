using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AdminPortal.PlugNmeet.Settings;
using AdminPortal.Rooms.Templates;
using Polly.CircuitBreaker;

namespace AdminPortal.PlugNmeet;

/// <summary>
/// Typed client for plugNmeet's authenticated API. Every body is serialized once; those exact bytes are signed and sent.
/// Every failure surfaces as a <see cref="PlugNmeetException"/> whose message staff can act on.
/// </summary>
public sealed class PlugNmeetClient(HttpClient http, PlugNmeetConnection connection, PlugNmeetMetrics metrics, ILogger<PlugNmeetClient> logger)
{
    /// <summary>Whether the room has a running session (<c>is_active</c>; <c>status</c> is true even when it has none).</summary>
    public async Task<bool> IsRoomActiveAsync(string roomId, CancellationToken cancellationToken = default)
    {
        var reply = await PostAsync("room/isRoomActive", new RoomIdRequest(roomId),
            PlugNmeetJsonContext.Default.RoomIdRequest, PlugNmeetJsonContext.Default.IsRoomActiveResponse, cancellationToken, idempotent: true);
        return reply.IsActive;
    }

    /// <summary>
    /// Creates the room with a template's settings (null: the server's defaults) and returns the session's info (its <c>sid</c>;
    /// null if the reply had none). Idempotent while the room is active: plugNmeet then returns the running session unchanged.
    /// <paramref name="webhookUrl"/> is where plugNmeet reports the room's events unless the template names another address.
    /// </summary>
    public async Task<ActiveRoomInfo?> CreateRoomAsync(string roomId, string title, RoomTemplateSettings? template = null,
        string? webhookUrl = null, CancellationToken cancellationToken = default)
    {
        var reply = await PostAsync("room/create", RoomTemplateRequest.Build(roomId, title, template ?? new(), webhookUrl),
            PlugNmeetJsonContext.Default.CreateRoomRequest, PlugNmeetJsonContext.Default.CreateRoomResponse, cancellationToken, idempotent: true);
        return reply.RoomInfo;
    }

    /// <summary>Asks for a join token (a JWT). The room must be active (otherwise <see cref="PlugNmeetException.RoomNotRunning"/>).</summary>
    public async Task<string> GetJoinTokenAsync(GenerateTokenRequest request, CancellationToken cancellationToken = default)
    {
        var reply = await PostAsync("room/getJoinToken", request,
            PlugNmeetJsonContext.Default.GenerateTokenRequest, PlugNmeetJsonContext.Default.GenerateTokenResponse, cancellationToken,
            // Not idempotent: a second getJoinToken for the same user_id may disconnect the session the first token already opened.
            idempotent: false);
        return string.IsNullOrEmpty(reply.Token)
            ? throw new PlugNmeetException(PlugNmeetFailure.MalformedReply, "The plugNmeet server reported success but sent no join token.")
            : reply.Token;
    }

    /// <summary>The running rooms with their participants; none running is an empty list (plugNmeet answers <c>status:false</c>, <c>NOT_FOUND</c>).</summary>
    public async Task<IReadOnlyList<ActiveRoomWithParticipants>> GetActiveRoomsAsync(CancellationToken cancellationToken = default)
    {
        var reply = await PostAsync("room/getActiveRoomsInfo", new EmptyRequest(),
            PlugNmeetJsonContext.Default.EmptyRequest, PlugNmeetJsonContext.Default.ActiveRoomsResponse, cancellationToken, idempotent: true,
            alsoAnswers: ["NOT_FOUND"]);
        return reply.Status == true ? reply.Rooms ?? [] : [];
    }

    /// <summary>One running room with its participants, or null when it is not running (never created, or ended).</summary>
    public async Task<ActiveRoomWithParticipants?> GetActiveRoomAsync(string roomId, CancellationToken cancellationToken = default)
    {
        var reply = await PostAsync("room/getActiveRoomInfo", new RoomIdRequest(roomId),
            PlugNmeetJsonContext.Default.RoomIdRequest, PlugNmeetJsonContext.Default.ActiveRoomResponse, cancellationToken, idempotent: true,
            alsoAnswers: ["ROOM_NOT_FOUND", "ROOM_NOT_ACTIVE"]);
        return reply.Status == true ? reply.Room : null;
    }

    /// <summary>
    /// Ends the room (plugNmeet disconnects everyone; its clean-up takes a few seconds). False when it was not running.
    /// Retried like a read: a second end of the same room is answered with success too.
    /// </summary>
    public async Task<bool> EndRoomAsync(string roomId, CancellationToken cancellationToken = default)
    {
        var reply = await PostAsync("room/endRoom", new RoomIdRequest(roomId),
            PlugNmeetJsonContext.Default.RoomIdRequest, PlugNmeetJsonContext.Default.CommonResponse, cancellationToken, idempotent: true,
            alsoAnswers: ["ROOM_NOT_FOUND"]);
        return reply.Status == true;
    }

    /// <summary>
    /// Asks whether a random room is running, signed with <paramref name="endpoint"/> instead of the values in force (Test connection);
    /// returns how long the server took to answer, or throws the same <see cref="PlugNmeetException"/> a real call would.
    /// </summary>
    internal async Task<TimeSpan> ProbeAsync(PlugNmeetEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await PostAsync("room/isRoomActive", new RoomIdRequest("portal-test-" + Guid.NewGuid().ToString("N")[..12]),
            PlugNmeetJsonContext.Default.RoomIdRequest, PlugNmeetJsonContext.Default.IsRoomActiveResponse, cancellationToken, idempotent: true,
            endpoint: endpoint);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Sends one call and checks plugNmeet's <c>status</c>; its duration and outcome go to <see cref="PlugNmeetMetrics"/>.
    /// A <c>status:false</c> whose <c>status_code</c> is in <paramref name="alsoAnswers"/> is an answer (e.g. "no room"), not a failure.
    /// </summary>
    private async Task<TReply> PostAsync<TRequest, TReply>(string route, TRequest body,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TReply> replyType, CancellationToken cancellationToken, bool idempotent,
        string[]? alsoAnswers = null, PlugNmeetEndpoint? endpoint = null)
        where TReply : CommonResponse
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // One snapshot per call: a settings change between reading the address and the secret cannot mix two servers.
            var reply = await SendAsync(route, body, requestType, replyType, endpoint ?? connection.Current, cancellationToken, idempotent);
            if (alsoAnswers?.Contains(reply.StatusCode) != true)
            {
                EnsureSucceeded(reply);
            }
            metrics.Record(route, "ok", started);
            return reply;
        }
        catch (PlugNmeetException ex)
        {
            metrics.Record(route, PlugNmeetMetrics.Outcome(ex.Failure), started);
            throw;
        }
    }

    private async Task<TReply> SendAsync<TRequest, TReply>(string route, TRequest body,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TReply> replyType, PlugNmeetEndpoint target, CancellationToken cancellationToken,
        bool idempotent)
        where TReply : CommonResponse
    {
        var serverUrl = connection.ServerUrlOf(target);
        var endpoint = new Uri(serverUrl.AbsoluteUri.TrimEnd('/') + "/auth/" + route); // Uri adds a "/" to a bare host
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(bytes),
        };
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.Add("API-KEY", target.ApiKey);
        message.Headers.Add("HASH-SIGNATURE", PlugNmeetSignature.Compute(bytes, target.ApiSecret));
        message.Options.Set(PlugNmeetResilience.Idempotent, idempotent);

        string text;
        HttpStatusCode status;
        // The timeout in force for this call (it may have been changed on /settings/plugnmeet since the client was made).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(target.Timeout);
        try
        {
            using var response = await http.SendAsync(message, deadline.Token);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = http.Timeout == Timeout.InfiniteTimeSpan ? target.TimeoutSeconds : Math.Min(target.TimeoutSeconds, http.Timeout.TotalSeconds);
            logger.LogWarning("plugNmeet {Route} timed out after {Seconds} s", route, seconds);
            throw new PlugNmeetException(PlugNmeetFailure.Timeout,
                $"The plugNmeet server at {serverUrl.Authority} did not answer within {seconds:0} seconds. Try again in a moment.", inner: ex);
        }
        catch (BrokenCircuitException ex)
        {
            logger.LogWarning("plugNmeet {Route} not sent: the circuit is open after repeated failures", route);
            throw new PlugNmeetException(PlugNmeetFailure.Unreachable,
                $"The plugNmeet server at {serverUrl.Authority} failed several times in a row, so the portal pauses calling it for a few seconds. Try again in a moment.",
                inner: ex);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("plugNmeet {Route} failed: {Error}", route, ex.HttpRequestError);
            throw new PlugNmeetException(PlugNmeetFailure.Unreachable, UnreachableMessage(serverUrl, ex), inner: ex);
        }

        if (status == HttpStatusCode.Unauthorized)
        {
            var detail = TryRead(text, PlugNmeetJsonContext.Default.CommonResponse)?.Msg;
            throw new PlugNmeetException(PlugNmeetFailure.Unauthorized,
                "The plugNmeet server rejected the API key or signature" + (string.IsNullOrWhiteSpace(detail) ? "." : $" ({detail.TrimEnd('.')}).")
                + " Check the API key and secret in plugNmeet settings.");
        }
        if (status == HttpStatusCode.NotFound)
        {
            throw new PlugNmeetException(PlugNmeetFailure.NotFound,
                $"No plugNmeet API at this server URL ({serverUrl}): it answered 404 for /auth/{route}. Check the server URL in plugNmeet settings.");
        }
        if ((int)status >= 500)
        {
            throw new PlugNmeetException(PlugNmeetFailure.ServerError,
                $"The plugNmeet server at {serverUrl.Authority} (or a proxy in front of it) answered HTTP {(int)status} ({status}): it is failing or restarting. Try again in a minute.");
        }
        if (status != HttpStatusCode.OK)
        {
            throw new PlugNmeetException(PlugNmeetFailure.MalformedReply,
                $"The plugNmeet server answered HTTP {(int)status} ({status}) instead of a plugNmeet reply.");
        }

        var reply = TryRead(text, replyType);
        if (reply?.Status is null)
        {
            logger.LogWarning("plugNmeet {Route} sent a reply that is not a plugNmeet response ({Length} characters)", route, text.Length);
            throw new PlugNmeetException(PlugNmeetFailure.MalformedReply,
                $"The server at {serverUrl.Authority} sent a reply that is not a plugNmeet API response. Check the server URL in plugNmeet settings.");
        }
        return reply;
    }

    private static void EnsureSucceeded(CommonResponse reply)
    {
        if (reply.Status != true)
        {
            var reason = string.IsNullOrWhiteSpace(reply.Msg) ? "no reason given" : reply.Msg;
            throw new PlugNmeetException(PlugNmeetFailure.Refused,
                $"plugNmeet refused the request: {reason}" + (reply.StatusCode is null ? "" : $" ({reply.StatusCode})"), reply.StatusCode,
                serverMessage: reply.Msg);
        }
    }

    private static T? TryRead<T>(string text, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string UnreachableMessage(Uri serverUrl, HttpRequestException ex) =>
        (ex.InnerException as SocketException)?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused =>
                $"The plugNmeet server at {serverUrl.Authority} refused the connection: is it running, and is the server URL in plugNmeet settings right?",
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                $"The plugNmeet server name {serverUrl.Host} could not be found. Check the server URL in plugNmeet settings.",
            _ => $"The plugNmeet server at {serverUrl.Authority} could not be reached or dropped the connection. Try again in a moment.",
        };
}
