using System.Globalization;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Components.Invites;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Invites.Bulk;

/// <summary>
/// A batch's links for its creator or an Administrator: <c>/invites/batches/{id}/links.csv</c> and the printable QR sheet
/// <c>/invites/batches/{id}/sheet</c>. Both are audited (that the links were exported, never the links), never cached, and
/// answer 404 for a batch that does not exist or is someone else's.
/// </summary>
public static class InviteBatchHosting
{
    public static readonly string[] CsvColumns = ["row", "display name", "user id", "e-mail", "link", "valid until (UTC)", "status", "note"];

    /// <summary>What the note column says when an invite's code can no longer be unsealed.</summary>
    public const string LinkUnavailable = "link unavailable: the keys that sealed it are gone (e.g. a new server); the link still works, or re-issue the invite";

    public static string CsvPath(int batchId) => $"/invites/batches/{batchId}/links.csv";

    public static string SheetPath(int batchId) => $"/invites/batches/{batchId}/sheet";

    public static IServiceCollection AddInviteBatches(this IServiceCollection services) => services.AddScoped<InviteBatchService>();

    public static IEndpointRouteBuilder MapInviteBatches(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/invites/batches/{id:int}").RequireAuthorization();
        group.MapGet("/links.csv", async (int id, HttpContext context, InviteBatchService batches, AuditLog audit, TimeProvider time) =>
        {
            if (await ReadAsync(id, context, batches, audit, "exported as CSV") is not { } links)
            {
                return Results.NotFound();
            }
            var response = context.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=invite-batch-{id}-{time.GetUtcNow():yyyyMMdd-HHmm}.csv";
            // A UTF-8 byte-order mark makes spreadsheet programs read names such as "Zoë" correctly.
            await using var csv = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await csv.WriteAsync(Csv(links, time.GetUtcNow()));
            return Results.Empty;
        });
        group.MapGet("/sheet", async Task<IResult> (int id, HttpContext context, InviteBatchService batches, AuditLog audit) =>
            await ReadAsync(id, context, batches, audit, "shown on a printable QR sheet") is { } links
                ? new RazorComponentResult<InviteBatchSheet>(new { Links = links })
                : Results.NotFound());
        return endpoints;
    }

    /// <summary>The CSV text: a header and one row per invite, in creation order.</summary>
    public static string Csv(InviteBatchLinks links, DateTimeOffset now)
    {
        var text = new StringBuilder(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var (row, invite, url) in links.Links)
        {
            string?[] cells =
            [
                row.ToString(CultureInfo.InvariantCulture), invite.DisplayName, invite.UserId, invite.Email, url,
                invite.ValidUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), InviteService.Describe(invite.StatusAt(now)),
                url is null ? LinkUnavailable : null,
            ];
            text.Append(string.Join(',', cells.Select(AuditLog.CsvCell))).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>The batch's links for the signed-in staff member, audited as <paramref name="how"/>; null: answer 404.</summary>
    private static async Task<InviteBatchLinks?> ReadAsync(int id, HttpContext context, InviteBatchService batches, AuditLog audit, string how)
    {
        // Links are bearer credentials: no cache keeps a copy, and no Referer carries the page's address onwards.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var actor = await context.RequestServices.GetRequiredService<StaffDirectory>()
            .FindActorAsync(context.User, context.Connection.RemoteIpAddress?.ToString() ?? "", context.RequestAborted);
        if (actor is null)
        {
            return null;
        }
        var request = context.Request;
        var links = await batches.LinksAsync(actor, id, new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/"), context.RequestAborted);
        if (links is not null)
        {
            await audit.AppendAsync(InviteBatchService.ExportEntry(actor, links, how), context.RequestAborted);
        }
        return links;
    }
}
