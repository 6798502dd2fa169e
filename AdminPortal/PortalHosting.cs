using AdminPortal.Attendance;
using AdminPortal.Components;
using AdminPortal.Data;
using AdminPortal.Email;
using AdminPortal.Hosting;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.JoinLinks;
using AdminPortal.Limits;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.PlugNmeet.Settings;
using AdminPortal.Presets;
using AdminPortal.Rooms;
using AdminPortal.Rooms.Templates;
using AdminPortal.Setup;
using AdminPortal.Staff;
using AdminPortal.Audit;
using AdminPortal.Webhooks;
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
        services.AddBulkInvites();
        services.AddWebhooks();
        services.AddAttendance();
        services.AddRooms();
        services.AddEmail();
        services.AddPortalTelemetry(builder.Configuration);
        services.AddPortalHealthChecks();
        services.AddBenchmarkDiagnostics(builder.Configuration);
        return builder;
    }

    /// <summary>Creates or migrates the database, then loads the plugNmeet connection (generating sandbox credentials when none are configured).</summary>
    public static async Task PreparePortalAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var pending = await PortalDatabase.MigrateAndSeedAsync(db);
        app.Logger.LogInformation("Database migrated: {Count} migration(s) applied{List}", pending.Count, pending.Count == 0 ? " (it was up to date)" : ": " + string.Join(", ", pending));

        await app.LoadPlugNmeetConnectionAsync(db);
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
        app.MapWebhooks();
        app.MapAttendance();
        app.MapBulkInvites();
        app.MapPortalHealth();
        app.MapBenchmarkDiagnostics();
        app.MapSandboxApi(); // always: an Administrator may switch to it at run time, or test it as a server
        return app;
    }
}
