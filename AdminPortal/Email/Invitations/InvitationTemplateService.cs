using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Email.Invitations;

/// <summary>What the editor shows: the template in use, whether it is the built-in default, and who saved it last.</summary>
public sealed record InvitationTemplateView(InvitationTemplateText Text, bool IsDefault, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>The invitation e-mail template (one row; none: the built-in default), edited by Administrators and audited.</summary>
public sealed class InvitationTemplateService(IDbContextFactory<ApplicationDbContext> databases, AuditLog audit, TimeProvider time)
{
    /// <summary>The template the outbox writes with: the saved one, else <see cref="InvitationTemplateRules.Default"/>.</summary>
    public async Task<InvitationTemplateView> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.InvitationTemplates.AsNoTracking().OrderBy(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? new(InvitationTemplateRules.Default, true, null, null)
            : new(new(row.Subject, row.Body), false, row.ChangedAt, row.ChangedBy);
    }

    /// <summary>Saves the template (Administrators only); returns the problems by field, empty when saved.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(StaffActor actor, string subject, string body, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        var problems = InvitationTemplateRules.Check(subject, body);
        if (problems.Count > 0)
        {
            return problems;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.InvitationTemplates.OrderBy(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new InvitationTemplate();
            db.InvitationTemplates.Add(row);
        }
        row.Subject = subject.Trim();
        row.Body = body;
        row.ChangedAt = time.GetUtcNow();
        row.ChangedBy = actor.Email;
        AuditLog.Stage(db, Entry(actor, $"Subject: {row.Subject}"), row.ChangedAt);
        await db.SaveChangesAsync(cancellationToken);
        return problems;
    }

    /// <summary>Goes back to the built-in default (the saved row is removed), audited.</summary>
    public async Task ResetAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.InvitationTemplates.ExecuteDeleteAsync(cancellationToken);
        await audit.AppendAsync(Entry(actor, "Reset to the built-in default"), cancellationToken);
    }

    private static AuditEntry Entry(StaffActor actor, string detail) => new()
    {
        Kind = AuditKinds.InvitationTemplateChanged, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, Detail = detail,
    };

    private static void EnsureAdministrator(StaffActor actor)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException("Only Administrators can change the invitation e-mail.");
        }
    }
}
