using AdminPortal.Data;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// The real portal on Kestrel at 127.0.0.1 on a free port, with its own SQLite file. By default it runs on the
/// built-in sandbox; <see cref="Settings"/> can point it elsewhere before the first use.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Correct-Horse-9";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"adminportal-test-{Guid.NewGuid():N}.db");
    private string? _baseUrl;

    public PortalFactory()
    {
        UseKestrel(0);
    }

    /// <summary>Configuration keys for this host (e.g. <c>PlugNmeet:ServerUrl</c>); set before the host starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The host environment; Production turns on HSTS and the error page instead of the developer ones.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>The clock the portal uses; tests move it to expire tokens.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>http://127.0.0.1:port, no trailing slash.</summary>
    public string BaseUrl
    {
        get
        {
            if (_baseUrl is null)
            {
                StartServer();
                _baseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            }
            return _baseUrl;
        }
    }

    public SandboxState Sandbox => Services.GetRequiredService<SandboxState>();

    public PlugNmeetConnection Connection => Services.GetRequiredService<PlugNmeetConnection>();

    /// <summary>Every log line the portal wrote, formatted (tests check that no secret or token leaks into logs).</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:DefaultConnection", $"DataSource={_database}");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Creates the first administrator, as /setup would.</summary>
    public async Task CreateAdministratorAsync(string email = AdminEmail, string password = AdminPassword)
    {
        _ = BaseUrl;
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var setup = scope.ServiceProvider.GetRequiredService<AdminPortal.Setup.FirstRunSetup>();
        var result = await setup.CreateAdministratorAsync(users, scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), email, password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Adds a staff member with the given role (and password <see cref="AdminPassword"/>).</summary>
    public async Task CreateStaffAsync(string email, string role)
    {
        _ = BaseUrl;
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        Assert.True((await users.CreateAsync(user, AdminPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>The staff member as the services see them (current role, active).</summary>
    public async Task<StaffActor> ActorAsync(string email = AdminEmail)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user!.Id)], "test"));
        return (await Services.GetRequiredService<StaffDirectory>().FindActorAsync(principal, "127.0.0.1"))!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
