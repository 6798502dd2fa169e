using System.Diagnostics.Metrics;
using AdminPortal.Hosting;

namespace AdminPortal.Invites;

/// <summary>Counts presses of Join on <c>/j/</c> by outcome; the code, the invite and the visitor stay out of the tags.</summary>
internal sealed class InviteMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _opens = meters.Create(Telemetry.MeterName).CreateCounter<long>("adminportal.invite.opens", "{open}",
        "Invite opens and Join presses, by outcome (joined, refused, busy, outage, server_refused, misconfigured, name_error, unknown, rate_limited).");

    public void Opened(InviteOpening opening) => _opens.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(opening)));

    /// <summary>A request to <c>/j/</c> refused with 429 before it reached the invite.</summary>
    public void RateLimited() => _opens.Add(1, new KeyValuePair<string, object?>("outcome", "rate_limited"));

    internal static string Outcome(InviteOpening opening) => opening switch
    {
        { RedirectUrl: not null } => "joined",
        { Unknown: true } => "unknown",
        { NameError: not null } => "name_error",
        { BusyFor: not null } => "busy",
        { ServerRefused: true } => "server_refused",
        { Outage: not null } => "outage",
        { Misconfigured: true } => "misconfigured",
        _ => "refused",
    };
}
