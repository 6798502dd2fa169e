using System.Diagnostics;
using System.Diagnostics.Metrics;
using AdminPortal.Hosting;

namespace AdminPortal.PlugNmeet;

/// <summary>How long calls to plugNmeet take, by route and outcome (ok or the <see cref="PlugNmeetFailure"/>), retries included.</summary>
public sealed class PlugNmeetMetrics(IMeterFactory meters)
{
    private readonly Histogram<double> _duration = meters.Create(Telemetry.MeterName).CreateHistogram<double>("adminportal.plugnmeet.duration", "s",
        "Duration of plugNmeet API calls, by route and outcome.");

    internal void Record(string route, string outcome, long startedTimestamp) =>
        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("outcome", outcome));

    internal static string Outcome(PlugNmeetFailure failure) => failure switch
    {
        PlugNmeetFailure.Unauthorized => "unauthorized",
        PlugNmeetFailure.NotFound => "not_found",
        PlugNmeetFailure.Unreachable => "unreachable",
        PlugNmeetFailure.Timeout => "timeout",
        PlugNmeetFailure.ServerError => "server_error",
        PlugNmeetFailure.MalformedReply => "malformed_reply",
        _ => "refused",
    };
}
