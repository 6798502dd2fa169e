using System.Diagnostics.Metrics;
using AdminPortal.Audit;
using AdminPortal.Hosting;

namespace AdminPortal.JoinLinks;

/// <summary>Counts join links handed out and refused, by source and role. Tags never hold names, rooms, tokens or codes.</summary>
internal sealed class JoinLinkMetrics
{
    private readonly Counter<long> _issued;
    private readonly Counter<long> _refused;

    public JoinLinkMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Telemetry.MeterName);
        _issued = meter.CreateCounter<long>("adminportal.links.issued", "{link}", "Join links handed out, by source (direct, invite) and role.");
        _refused = meter.CreateCounter<long>("adminportal.links.refused", "{link}",
            "Join links refused, by source, role and reason (permission, plugnmeet, audit).");
    }

    public void Issued(AuditEntry entry) => _issued.Add(1, Source(entry), Role(entry));

    /// <summary><paramref name="reason"/>: permission (role or preset rules), plugnmeet (refused or unreachable), audit (entry not written).</summary>
    public void Refused(AuditEntry entry, string reason) => _refused.Add(1, Source(entry), Role(entry), new("reason", reason));

    private static KeyValuePair<string, object?> Source(AuditEntry entry) =>
        new("source", entry.Kind is AuditKinds.InviteUsed or AuditKinds.InviteUseRefused ? "invite" : "direct");

    private static KeyValuePair<string, object?> Role(AuditEntry entry) =>
        new("role", entry.IsAdmin == true ? "admin" : entry.IsHidden == true ? "hidden" : "participant");
}
