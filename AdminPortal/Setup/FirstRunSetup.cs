using System.Data.Common;
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
/// reaches a fresh deployment first cannot take it over. With several instances each logs its own code and every instance
/// accepts any of them (their hashes are in the database), and only one first administrator can ever be created.
/// </summary>
public sealed class FirstRunSetup(IServiceScopeFactory scopes, TimeProvider time, ILogger<FirstRunSetup> logger) : IHostedService
{
    public const string Path = "/setup";

    // 20 characters from 32 unambiguous ones: 100 random bits, easy to read off a console and type.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly string _setupCode = string.Concat(Enumerable.Range(0, 20).Select(_ => CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]));

    // Only ever goes from false to true: accounts are disabled, never deleted, so "an account exists" stays true everywhere.
    private volatile bool _hasUsers;

    /// <summary>Records this start's setup code (its hash) and writes the code to the log while no account exists.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await HasUsersAsync(cancellationToken))
        {
            return;
        }
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.SetupCodes.Add(new SetupCode { Hash = Hash(_setupCode), CreatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
        var grouped = string.Join('-', _setupCode.Chunk(5).Select(c => new string(c)));
        logger.LogWarning(
            """
            *************************************************************
            No staff account exists yet. To create the administrator,
            open {SetupPath} in a browser and enter this one-time setup code:

                {SetupCode}

            The code works until the first account exists or this instance
            stops; it changes at every start. With several instances, the
            code from any of their logs works on all of them.
            *************************************************************
            """, Path, grouped);
    }

    /// <summary>Withdraws this start's code, so a stopped instance's code stops working.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_hasUsers)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var hash = Hash(_setupCode);
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().SetupCodes.Where(c => c.Hash == hash)
                .ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or OperationCanceledException)
        {
            // Stopping must not fail over this: the code is deleted anyway when the first account is created.
            logger.LogWarning("Could not withdraw this instance's setup code at stop: {Reason}", ex.GetType().Name);
        }
    }

    /// <summary>Whether <paramref name="typed"/> is a running instance's setup code (spaces, dashes and case ignored).</summary>
    public async Task<bool> IsSetupCodeAsync(string? typed, CancellationToken cancellationToken = default)
    {
        var hash = Hash(typed ?? "");
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().SetupCodes.AnyAsync(c => c.Hash == hash, cancellationToken);
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

    /// <summary>
    /// Creates the first account, or returns why not. <paramref name="users"/> must work on <paramref name="db"/> (the same
    /// request scope): the check and the creation run under the staff lock every instance takes, so two browsers cannot both
    /// become "first", even on two instances.
    /// </summary>
    public async Task<IdentityResult> CreateAdministratorAsync(UserManager<ApplicationUser> users, ApplicationDbContext db, string email, string password,
        string displayName = "")
    {
        var result = await PortalDatabase.SerializedAsync(db, PortalDatabase.StaffLockKey, async () =>
        {
            if (await db.Users.AnyAsync())
            {
                return IdentityResult.Failed(new IdentityError { Code = "SetupDone", Description = "An administrator account already exists. Sign in instead." });
            }
            var user = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(),
            };
            var created = await users.CreateAsync(user, password);
            if (created.Succeeded)
            {
                created = await users.AddToRoleAsync(user, StaffRoles.Administrator);
                // No code is needed any more, on any instance.
                await db.SetupCodes.ExecuteDeleteAsync();
            }
            return created;
        });
        _hasUsers = result.Succeeded || result.Errors.Any(e => e.Code == "SetupDone");
        return result;
    }

    /// <summary>The code as stored: SHA-256 of its letters and digits in upper case, in hex.</summary>
    private static string Hash(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()))));

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
