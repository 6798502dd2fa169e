using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace AdminPortal.Audit;

/// <summary>The audit filter as URL query parameters, for the CSV export link and endpoint.</summary>
public static class AuditQuery
{
    public static string ToQueryString(AuditFilter filter)
    {
        var query = new QueryBuilder();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(key, value);
            }
        }
        Add("staff", filter.Staff);
        Add("room", filter.RoomId);
        Add("user", filter.UserId);
        Add("kind", filter.Kind);
        Add("from", filter.From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("until", filter.Until?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("hidden", filter.IsHidden?.ToString());
        Add("admin", filter.IsAdmin?.ToString());
        return query.ToQueryString().Value ?? "";
    }

    public static AuditFilter FromQuery(IQueryCollection query) => new()
    {
        Staff = query["staff"],
        RoomId = query["room"],
        UserId = query["user"],
        Kind = query["kind"],
        From = DateTimeOffset.TryParse(query["from"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from) ? from : null,
        Until = DateTimeOffset.TryParse(query["until"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until) ? until : null,
        IsHidden = bool.TryParse(query["hidden"], out var hidden) ? hidden : null,
        IsAdmin = bool.TryParse(query["admin"], out var admin) ? admin : null,
    };

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/export.csv", async (HttpContext context, AuditLog audit, TimeProvider time) =>
        {
            var response = context.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=adminportal-audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv";
            response.Headers.CacheControl = "no-store"; // the trail names staff and participants; no cache keeps a copy
            // A UTF-8 byte-order mark makes spreadsheet programs read names such as "Zoë" correctly.
            await using var csv = new StreamWriter(response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await audit.WriteCsvAsync(FromQuery(context.Request.Query), csv, context.RequestAborted);
        }).RequireAuthorization(Staff.StaffRoles.Administrator);
        return endpoints;
    }
}
