using System.Security.Claims;
using AdminPortal.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Staff;

/// <summary>
/// Tells a browser that was signed out because its account was disabled why, on the sign-in page. Only a request carrying that
/// account's own (now refused) cookie hears it, so nobody learns anything about an account they were not signed in as.
/// </summary>
internal static class DisabledSignOut
{
    public const string Message = "You were signed out: your account was disabled by an administrator. Ask an administrator if you need access again.";

    private static readonly object Key = new();

    /// <summary>True when this request's cookie was refused because its account is disabled.</summary>
    public static bool WasDisabled(HttpContext context) => context.Items.ContainsKey(Key);

    /// <summary>
    /// Called for a cookie whose session has ended. For a disabled account it remembers why and keeps the dead cookie until the
    /// sign-in page has said so (the cookie no longer signs anyone in). Returns true when the cookie should be deleted now.
    /// </summary>
    public static async Task<bool> NoteAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return true;
        }
        var databases = context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using var db = await databases.CreateDbContextAsync(context.HttpContext.RequestAborted);
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.IsDisabled, context.HttpContext.RequestAborted))
        {
            return true;
        }
        context.HttpContext.Items[Key] = true;
        return context.HttpContext.Request.Path.StartsWithSegments(context.Options.LoginPath);
    }
}
