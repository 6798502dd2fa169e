using System.Diagnostics.Metrics;
using AdminPortal.Hosting;

namespace AdminPortal.Audit;

/// <summary>Counts audit entries that could not be written: each one is an action the portal refused or could not record.</summary>
internal sealed class AuditMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _failures = meters.Create(Telemetry.MeterName).CreateCounter<long>("adminportal.audit.write_failures", "{entry}",
        "Audit entries that could not be written, by entry kind.");

    public void WriteFailed(string kind) => _failures.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
