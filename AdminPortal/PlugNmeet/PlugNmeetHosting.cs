using AdminPortal.PlugNmeet.Sandbox;
using Microsoft.Extensions.Options;

namespace AdminPortal.PlugNmeet;

/// <summary>The plugNmeet feature's services: options, connection, sandbox state and the resilient typed client.</summary>
internal static class PlugNmeetHosting
{
    public static IServiceCollection AddPlugNmeet(this IServiceCollection services)
    {
        services.AddOptions<PlugNmeetOptions>().BindConfiguration(PlugNmeetOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlugNmeetOptions>, PlugNmeetOptionsValidator>();
        services.AddSingleton<PlugNmeetConnection>();
        services.AddSingleton<PlugNmeetMetrics>();
        services.AddSingleton<SandboxState>();
        services.AddSingleton<SandboxJoinCheck>();
        SandboxCircuit.Register(services);
        services.AddHttpClient<PlugNmeetClient>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PlugNmeetOptions>>().Value.TimeoutSeconds))
            // A page keeps its client for as long as it is open; recycling connections lets it follow DNS changes anyway.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .AddPlugNmeetResilience();
        return services;
    }
}
