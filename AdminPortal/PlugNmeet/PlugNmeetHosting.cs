using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.PlugNmeet.Settings;
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
        services.AddSandboxWebhooks();
        services.AddSingleton<SandboxJoinCheck>();
        SandboxCircuit.Register(services);
        // Each call sets its own deadline from the timeout in force (PlugNmeetClient), which an Administrator may change at any time.
        services.AddHttpClient<PlugNmeetClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // A page keeps its client for as long as it is open; recycling connections lets it follow DNS changes anyway.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .AddPlugNmeetResilience();
        services.AddPlugNmeetSettings();
        return services;
    }
}
