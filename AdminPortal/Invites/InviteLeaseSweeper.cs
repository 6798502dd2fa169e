using AdminPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

/// <summary>
/// Gives back invite uses whose lease ran out unconfirmed (the process died while fetching the token): once at start-up,
/// then every lease period, so even an invite nobody opens again shows its true count.
/// </summary>
internal sealed class InviteLeaseSweeper(IDbContextFactory<ApplicationDbContext> databases, TimeProvider time, IOptions<InviteOptions> options,
    ILogger<InviteLeaseSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await SweepAsync(stoppingToken);
                await Task.Delay(options.Value.UseLease, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The portal is stopping.
        }
    }

    /// <summary>Releases every expired lease; returns how many there were.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var released = await InviteUseLeases.ReleaseExpiredAsync(db, time.GetUtcNow(), null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (released > 0)
            {
                logger.LogWarning("Gave back {Count} invite uses whose token was never confirmed (the portal stopped or failed mid-use)", released);
            }
            return released;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException)
        {
            // A busy or briefly unavailable database: the next sweep, or the next open of the invite, tries again.
            logger.LogWarning(ex, "Could not sweep expired invite use leases");
            return 0;
        }
    }
}
