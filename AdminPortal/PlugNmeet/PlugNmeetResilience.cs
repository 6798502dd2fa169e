using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace AdminPortal.PlugNmeet;

/// <summary>
/// One retry for idempotent calls when plugNmeet refused the connection or a proxy answered 502/503/504, and a circuit breaker
/// so that while plugNmeet is down, callers (visitors on <c>/j/</c>) fail at once instead of each waiting for it.
/// The whole call, retry included, stays within the timeout in force (<see cref="PlugNmeetConnection.Timeout"/>): the handler runs inside its deadline.
/// </summary>
internal static class PlugNmeetResilience
{
    /// <summary>Set on each request by <see cref="PlugNmeetClient"/>: whether sending it twice does no harm.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("AdminPortal.PlugNmeet.Idempotent");

    /// <summary>Attempts in a row that must all fail within <see cref="SamplingDuration"/> before the circuit opens.</summary>
    public const int BreakAfterFailures = 6;

    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long calls fail fast once the circuit is open; then one trial call decides whether it closes.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(10);

    public static IHttpClientBuilder AddPlugNmeetResilience(this IHttpClientBuilder client)
    {
        client.AddResilienceHandler("plugnmeet", (pipeline, _) =>
        {
            // Pauses and breaker windows are wall-clock time, not the portal's TimeProvider (the business clock that tests move).
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                // getJoinToken is never retried: if the first request reached plugNmeet and only its answer was lost, a second
                // token for the same user_id may kick the user the first token already let in. Timeouts are never retried either.
                ShouldHandle = args => ValueTask.FromResult(IsIdempotent(args.Context) && IsWorthRetrying(args.Outcome)),
            });
            // Inside the retry, so each attempt counts; its rejection (BrokenCircuitException) is not retried.
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = BreakAfterFailures,
                SamplingDuration = SamplingDuration,
                BreakDuration = BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome)),
            });
        });
        return client;
    }

    private static bool IsIdempotent(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(Idempotent, out var idempotent) == true && idempotent;

    private static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } }
        || outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>plugNmeet is down or failing (not: it refused a request, which says it is up).</summary>
    private static bool IsOutage(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException || (int?)outcome.Result?.StatusCode >= 500;
}
