using AdminPortal.Components;
using AdminPortal.Data;
using AdminPortal.Hosting;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Limits;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Setup;
using AdminPortal.Staff;
using AdminPortal.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace AdminPortal;

/// <summary>The portal's services and pipeline, so Program.cs reads as a table of contents.</summary>
internal static class PortalHosting
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLogRedaction();
        services.AddReverseProxySupport(builder.Configuration);
        builder.HideServerHeader();
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Snackbars at the bottom left, away from the navigation and the actions on the right (app.css: on phones above the Generate bar).
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        services.TryAddSingleton(TimeProvider.System);

        services.AddStaffAuthentication();

        var dataDirectory = services.AddPortalDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddPortalKeyRing(builder.Configuration, dataDirectory, builder.Environment.ContentRootPath);
        services.AddRateCounting(builder.Configuration);
        services.AddDatabaseDeveloperPageExceptionFilter();

        services.AddSingleton<StaffService>();
        services.AddSingleton<PresetService>();
        services.AddRoomTemplates();
        services.AddSingleton<AuditLog>();
        services.AddScoped<AdminPortal.TimeZones.BrowserTimeZone>();

        services.AddPlugNmeet();
        services.AddScoped<JoinLinkService>();
        services.AddSingleton<RecentLinks>();
        services.AddInvites();
        services.AddPortalTelemetry(builder.Configuration);
        services.AddPortalHealthChecks();
        services.AddBenchmarkDiagnostics(builder.Configuration);
        return builder;
    }

    /// <summary>Creates or migrates the database, then loads the plugNmeet credentials (generating sandbox ones when none are configured).</summary>
    public static async Task PreparePortalAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var pending = await PortalDatabase.MigrateAndSeedAsync(db);
        app.Logger.LogInformation("Database migrated: {Count} migration(s) applied{List}", pending.Count, pending.Count == 0 ? " (it was up to date)" : ": " + string.Join(", ", pending));

        var options = app.Services.GetRequiredService<IOptions<PlugNmeetOptions>>().Value;
        var connection = app.Services.GetRequiredService<PlugNmeetConnection>();
        if (options.UsesSandbox && (string.IsNullOrWhiteSpace(options.ApiKey) || string.IsNullOrWhiteSpace(options.ApiSecret)))
        {
            var generated = await PortalDatabase.SeedOnceAsync(db, () => SandboxCredential.LoadOrCreateAsync(db));
            connection.UseCredentials(generated.ApiKey, generated.ApiSecret);
        }
        else
        {
            connection.UseCredentials(options.ApiKey!, options.ApiSecret!);
        }
        app.Services.GetRequiredService<LogRedaction>().AddSecret(connection.ApiSecret);
        if (options.UsesSandbox)
        {
            app.Logger.LogWarning("PlugNmeet:ServerUrl is empty: join links come from the built-in sandbox at {Path}, not a real conference server", PlugNmeetConnection.SandboxPath);
        }
        if (SandboxScope.IsPerInstanceOnSharedDatabase(connection, app.Configuration))
        {
            app.Logger.LogWarning(SandboxScope.PerInstanceWarning);
        }
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseReverseProxySupport();
        app.UseSecurityHeaders();
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseDatabaseUnavailablePage();
        app.UseRequestBodyLimits();

        var setup = app.Services.GetRequiredService<FirstRunSetup>();
        app.Use(setup.RouteAsync); // before authorization: with no account yet, "/" must reach setup, not log-in
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapAuditExport();
        app.MapInvites();
        app.MapPortalHealth();
        app.MapBenchmarkDiagnostics();
        if (app.Services.GetRequiredService<PlugNmeetConnection>().UsesSandbox)
        {
            app.MapSandboxApi();
        }
        return app;
    }
}
