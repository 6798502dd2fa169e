using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// Tells a join page's presence when its circuit's connection drops or comes back: a closed tab drops the connection at
/// once, while the circuit itself may be kept for minutes in case the browser reconnects.
/// </summary>
internal sealed class SandboxCircuit : CircuitHandler
{
    /// <summary>Set by the join page's presence island; called with false when the connection drops, true when it is back.</summary>
    public Func<bool, Task>? ConnectionChanged { get; set; }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) =>
        ConnectionChanged?.Invoke(false) ?? Task.CompletedTask;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) =>
        ConnectionChanged?.Invoke(true) ?? Task.CompletedTask;

    public static void Register(IServiceCollection services)
    {
        services.AddScoped<SandboxCircuit>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<SandboxCircuit>());
    }
}
