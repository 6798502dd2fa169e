using System.Security.Claims;
using AdminPortal.Components.Account;
using AdminPortal.Data;
using AdminPortal.Setup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace AdminPortal.Staff;

/// <summary>Sign-in, sessions, cookies and the Administrator policy, in one place.</summary>
internal static class StaffAuthentication
{
    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false; // length matters more; upper, lower and digit are still required
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            // Role changes and disabled accounts reach signed-in sessions within a minute.
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            // The refreshed cookie must stay in the same server-side session.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(StaffSessions.ClaimType) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    identity.AddClaim(new Claim(session.Type, session.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax; // Strict would drop the cookie when staff follow a link to the portal from mail
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnValidatePrincipal = ValidateSessionThenStampAsync;
        });
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.Administrator, policy => policy.RequireAuthenticatedUser().AddRequirements(new AdministratorRequirement()));
        services.AddSingleton<IAuthorizationHandler, AdministratorRequirementHandler>();

        services.AddOptions<SignInLimits>().BindConfiguration(SignInLimits.SectionName)
            .Validate(o => o.FailuresPerMinutePerAddress > 0 && o.FailuresPerMinutePerAccount > 0, "SignIn limits must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UnknownAccountLockout>();
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<FirstRunSetup>();
        services.AddHostedService(sp => sp.GetRequiredService<FirstRunSetup>());
        services.AddSingleton<StaffDirectory>();
        services.AddScoped<StaffContext>();
        return services;
    }

    /// <summary>A cookie whose session was ended (signed out) or is missing is refused before Identity checks its security stamp.</summary>
    private static async Task ValidateSessionThenStampAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        if (!await sessions.IsActiveAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            var deleteCookie = await DisabledSignOut.NoteAsync(context); // before RejectPrincipal, which forgets whose cookie it was
            context.RejectPrincipal();
            if (deleteCookie)
            {
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            }
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
