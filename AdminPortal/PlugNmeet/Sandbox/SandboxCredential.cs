using System.Security.Cryptography;
using AdminPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>The sandbox's API key and secret when none are configured: generated once, kept in the (git-ignored) database.</summary>
public sealed class SandboxCredential
{
    public int Id { get; set; }
    public required string ApiKey { get; set; }
    public required string ApiSecret { get; set; }

    internal static async Task<SandboxCredential> LoadOrCreateAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        var existing = await db.SandboxCredentials.OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var created = new SandboxCredential
        {
            ApiKey = "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            ApiSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        };
        db.SandboxCredentials.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }
}
