using AdminPortal.Data;
using AdminPortal.PlugNmeet.Sandbox;

namespace AdminPortal.PlugNmeet.Settings;

/// <summary>Services of the plugNmeet connection settings, and loading them at start.</summary>
internal static class PlugNmeetSettingsHosting
{
    public static IServiceCollection AddPlugNmeetSettings(this IServiceCollection services)
    {
        services.AddSingleton<PlugNmeetSettingsService>();
        services.AddSingleton<PlugNmeetTester>();
        services.AddHostedService<PlugNmeetSettingsRefresh>();
        services.AddHttpClient(PlugNmeetTester.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        return services;
    }

    /// <summary>Loads the sandbox credentials and the connection in force (before the first request), and says which server is used.</summary>
    public static async Task LoadPlugNmeetConnectionAsync(this WebApplication app, ApplicationDbContext db)
    {
        await app.Services.GetRequiredService<PlugNmeetSettingsService>().StartAsync(db);
        var connection = app.Services.GetRequiredService<PlugNmeetConnection>();
        if (connection.UsesSandbox)
        {
            app.Logger.LogWarning("No plugNmeet server is set (PlugNmeet:ServerUrl or /settings/plugnmeet): join links come from the built-in sandbox at {Path}, not a real conference server",
                PlugNmeetConnection.SandboxPath);
        }
        if (SandboxScope.IsPerInstanceOnSharedDatabase(connection, app.Configuration))
        {
            app.Logger.LogWarning(SandboxScope.PerInstanceWarning);
        }
    }
}

/// <summary>Re-reads the saved settings every few seconds, so a save on another instance applies here too.</summary>
internal sealed class PlugNmeetSettingsRefresh(PlugNmeetSettingsService settings, ILogger<PlugNmeetSettingsRefresh> logger) : BackgroundService
{
    // Wall-clock time, not the portal's TimeProvider (the business clock that tests move).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RunAsync(settings.RefreshAsync, PlugNmeetSettingsService.RefreshInterval, TimeProvider.System, logger, stoppingToken);

    /// <summary>The loop: a failed refresh (a provider timeout's cancellation included) keeps the last values; only shutdown ends it.</summary>
    internal static async Task RunAsync(Func<CancellationToken, Task> refresh, TimeSpan interval, TimeProvider clock, ILogger logger,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await refresh(stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be busy or down for a moment; the last values stay in force. Said once per outage.
                if (!failing)
                {
                    logger.LogWarning("Could not re-read the plugNmeet settings ({Error}); the last ones stay in force", ex.GetType().Name);
                }
                failing = true;
            }
        }
    }
}
