using System.Security.Claims;
using AdminPortal.Hosting;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Email;
using AdminPortal.Email.Invitations;
using AdminPortal.Email.Outbox;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// A bUnit context with MudBlazor's services, a fake clock and JS interop set up. xunit v2 disposes test classes
/// synchronously, but some MudBlazor services are only IAsyncDisposable, so this also implements
/// <see cref="IAsyncLifetime"/> and disposes asynchronously there (stack notes §4).
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    // bUnit's one-second default is too short when the suite shares two cores with browsers and servers.
    static PortalBunitContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    public const string ServerUrl = "http://plugnmeet.test";
    public const string ApiKey = "test-key";
    public const string ApiSecret = "test-secret-0123456789";

    /// <param name="jsMode">
    /// Strict fails any JS call a test did not set up. MudBlazor's inputs, switches and popovers make many calls of their own,
    /// so whole pages need Loose; explicit setups still answer there and every invocation is still recorded.
    /// </param>
    protected PortalBunitContext(JSRuntimeMode jsMode)
    {
        JSInterop.Mode = jsMode;
        if (jsMode == JSRuntimeMode.Strict)
        {
            // The one call a MudTextField makes on first render: it asks the browser to report blur events.
            JSInterop.SetupVoid("mudElementRef.addOnBlurEvent", _ => true);
        }
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddMetrics().AddSingleton<PlugNmeetMetrics>().AddPortalMetrics();
    }

    /// <summary>The clock components read; it starts on a whole second so JWT <c>exp</c> seconds line up exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    /// <summary>
    /// Registers the real <see cref="JoinLinkService"/> and <see cref="PlugNmeetClient"/>, configured for <see cref="ServerUrl"/>
    /// with <see cref="ApiKey"/> and <see cref="ApiSecret"/>, reaching it only through <paramref name="handler"/>.
    /// </summary>
    protected PlugNmeetConnection AddPlugNmeet(HttpMessageHandler handler, string role = StaffRoles.Administrator)
    {
        var options = Options.Create(new PlugNmeetOptions { ServerUrl = ServerUrl, ApiKey = ApiKey, ApiSecret = ApiSecret });
        var connection = new PlugNmeetConnection(options, new NoServer());
        connection.UseCredentials(ApiKey, ApiSecret);
        Services.AddSingleton(connection);
        // Made by the container, so the container disposes it, and the handler with it.
        Services.AddSingleton(_ => new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) });
        Services.AddSingleton<PlugNmeetClient>();
        Services.AddScoped<JoinLinkService>();
        Services.AddScoped<AdminPortal.Rooms.RoomsService>();
        AddStaff(role);
        return connection;
    }

    /// <summary>An in-memory SQLite database, migrated and seeded like the portal's, kept open for the test's lifetime.</summary>
    protected SqliteConnection Database { get; } = new("DataSource=:memory:");

    private ServiceProvider? _databaseServices;

    /// <summary>A context on <see cref="Database"/> outside the component's container (for seeding and assertions).</summary>
    private ApplicationDbContext CreateDbContext() => (_databaseServices ??= new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite(Database))
            .BuildServiceProvider())
        .GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

    /// <summary>Signs a staff member with <paramref name="role"/> in, backed by <see cref="Database"/> (presets, roles, audit).</summary>
    protected void AddStaff(string role)
    {
        Database.Open();
        // The Identity model depends on IdentityOptions (schema version 3, as the portal configures it).
        Services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        Services.AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite(Database));
        using (var db = CreateDbContext())
        {
            PortalDatabase.MigrateAndSeedAsync(db).GetAwaiter().GetResult();
            var user = new ApplicationUser { Id = StaffUserId, UserName = StaffEmail, Email = StaffEmail, DisplayName = "Test staff" };
            db.Users.Add(user);
            db.UserRoles.Add(new() { UserId = user.Id, RoleId = db.Roles.Single(r => r.Name == role).Id });
            db.SaveChanges();
        }
        Services.AddSingleton<StaffDirectory>();
        Services.AddScoped<StaffContext>();
        Services.AddSingleton<PresetService>();
        Services.AddRoomTemplates();
        Services.AddSingleton<AuditLog>();
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddOptions<InviteOptions>();
        Services.AddSingleton<InviteCodes>();
        Services.AddScoped<InviteService>();
        Services.AddInviteBatches();
        Services.AddSingleton<RecentLinks>();
        Services.AddSingleton<AdminPortal.Attendance.AttendanceService>();
        Services.AddScoped<AdminPortal.TimeZones.BrowserTimeZone>();
        AddInvitationEmail();
        var auth = Authorization = AddAuthorization();
        auth.SetAuthorized(StaffEmail);
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, StaffUserId));
    }

    /// <summary>The invitation outbox the invites page shows delivery status from, without its background sender (nothing is sent).</summary>
    private void AddInvitationEmail()
    {
        Services.TryAddSingleton(new LogRedaction(new ConfigurationBuilder().Build()));
        Services.TryAddSingleton<EmailSender>();
        Services.TryAddSingleton<EmailSettingsService>();
        Services.TryAddSingleton<InvitationTemplateService>();
        Services.TryAddSingleton<OutboxSignal>();
        Services.TryAddSingleton<InvitationOutbox>();
    }

    /// <summary>The signed-in staff member's authorization set up by <see cref="AddStaff"/> (add policies here; adding it again resets it).</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext? Authorization { get; private set; }

    public const string StaffUserId = "staff-1";
    public const string StaffEmail = "staff@example.test";

    /// <summary>The audit trail as the portal wrote it.</summary>
    protected List<AuditEntry> AuditEntries()
    {
        using var db = CreateDbContext();
        return db.AuditEntries.OrderBy(e => e.Id).ToList();
    }

    /// <summary>Renders the popover host first (tooltips and selects need one), then the component.</summary>
    protected IRenderedComponent<TComponent> RenderWithPopovers<TComponent>(
        Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        Render<MudPopoverProvider>();
        return Render(parameters);
    }

    /// <summary>
    /// The validation message MudBlazor shows under the input with this id (the error-styled element the input is
    /// <c>aria-describedby</c>), or null when the input is not marked invalid.
    /// </summary>
    protected static string? ValidationMessage<TComponent>(IRenderedComponent<TComponent> cut, string inputId)
        where TComponent : IComponent
    {
        var input = cut.Find($"input#{inputId}");
        if (input.GetAttribute("aria-invalid") != "true")
        {
            return null;
        }
        var describedBy = input.GetAttribute("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy), $"#{inputId} is marked invalid but is not described by a message");
        var message = cut.Find($"[id='{describedBy}']");
        Assert.NotNull(message.Closest(".mud-input-error"));
        return message.TextContent.Trim();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_databaseServices is not null)
        {
            await _databaseServices.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    /// <summary>Only the sandbox asks the server for its addresses; with a configured ServerUrl it is never consulted.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => throw new NotSupportedException();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
