using System.Security.Cryptography;
using System.Text;
using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Setup;

/// <summary>
/// While no staff account exists, <c>/setup</c> creates the first administrator in the browser; afterwards it is gone (404).
/// There is no public registration. Setup asks for a one-time code that is only written to the server log at start, so whoever
/// reaches a fresh deployment first cannot take it over.
/// </summary>
public sealed class FirstRunSetup(IServiceScopeFactory scopes, ILogger<FirstRunSetup> logger) : IHostedService
{
    public const string Path = "/setup";

    // 20 characters from 32 unambiguous ones: 100 random bits, easy to read off a console and type.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _setupCode = string.Concat(Enumerable.Range(0, 20).Select(_ => CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]));
    private volatile bool _hasUsers;

    /// <summary>Writes the setup code to the log while no account exists.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await HasUsersAsync(cancellationToken))
        {
            return;
        }
        var grouped = string.Join('-', _setupCode.Chunk(5).Select(c => new string(c)));
        logger.LogWarning(
            """
            *************************************************************
            No staff account exists yet. To create the administrator,
            open {SetupPath} in a browser and enter this one-time setup code:

                {SetupCode}

            The code works until the first account exists; it changes at every start.
            *************************************************************
            """, Path, grouped);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether <paramref name="typed"/> is this start's setup code (spaces, dashes and case ignored; compared in constant time).</summary>
    public bool IsSetupCode(string? typed)
    {
        var normalized = new string((typed ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(normalized)), SHA256.HashData(Encoding.UTF8.GetBytes(_setupCode)));
    }

    public async Task<bool> HasUsersAsync(CancellationToken cancellationToken = default)
    {
        if (_hasUsers)
        {
            return true;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return _hasUsers = await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>Creates the first account, or returns why not. Serialized so two browsers cannot both become "first".</summary>
    public async Task<IdentityResult> CreateAdministratorAsync(UserManager<ApplicationUser> users, string email, string password, string displayName = "")
    {
        await _gate.WaitAsync();
        try
        {
            if (await HasUsersAsync())
            {
                return IdentityResult.Failed(new IdentityError { Code = "SetupDone", Description = "An administrator account already exists. Sign in instead." });
            }
            var user = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(),
            };
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, StaffRoles.Administrator);
            }
            _hasUsers = result.Succeeded;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends <c>/</c> and the log-in page to setup while there is no account, and answers 404 on setup once there is.</summary>
    public async Task RouteAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        var isSetup = path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);
        if (isSetup || path == "/" || path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            var hasUsers = await HasUsersAsync(context.RequestAborted);
            if (isSetup && hasUsers)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                if (!HttpMethods.IsGet(context.Request.Method))
                {
                    // The friendly not-found page is a GET page; re-executing a POST there would answer 400 instead.
                    context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                }
                return;
            }
            if (!isSetup && !hasUsers)
            {
                context.Response.Redirect(context.Request.PathBase + Path);
                return;
            }
        }
        await next(context);
    }
}
