using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminPortal.PlugNmeet;

/// <summary>
/// Whether plugNmeet (or the built-in sandbox) answers a signed call. Registered as Degraded on failure: without plugNmeet
/// the portal cannot hand out links, but taking it out of the balancer would not bring plugNmeet back.
/// </summary>
internal sealed class PlugNmeetHealthCheck(PlugNmeetClient client) : IHealthCheck
{
    /// <summary>A room no one creates: asking whether it is active is cheap, changes nothing and needs a valid signature.</summary>
    public const string ProbeRoomId = "adminportal-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.IsRoomActiveAsync(ProbeRoomId, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (PlugNmeetException ex)
        {
            // The failure kind only: the message names the server, which the anonymous health page must not show.
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Failure.ToString());
        }
    }
}
