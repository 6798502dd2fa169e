using System.Text;
using AdminPortal.Audit;

namespace AdminPortal.Invites.Bulk;

/// <summary>Bulk invites' services and endpoints: the creator, the template file staff fill in, and the batches (links, QR sheet, revoke/extend all).</summary>
public static class BulkInvitesHosting
{
    public const string TemplatePath = "/invites/bulk/template.csv";

    public static IServiceCollection AddBulkInvites(this IServiceCollection services) => services.AddScoped<BulkInviteCreator>().AddInviteBatches();

    public static IEndpointRouteBuilder MapBulkInvites(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TemplatePath, () => Results.File(Template(), "text/csv; charset=utf-8", "bulk-invites-template.csv"))
            .RequireAuthorization();
        endpoints.MapInviteBatches();
        return endpoints;
    }

    /// <summary>
    /// The header and two example rows, UTF-8 with a byte-order mark (so spreadsheet programs read "ü" correctly), cells made
    /// safe as in the audit export. The second name holds a comma, to show it stays one cell.
    /// </summary>
    public static byte[] Template()
    {
        string?[][] rows =
        [
            [.. Enum.GetValues<BulkColumn>().Select(BulkHeader.Name)],
            ["Anna Beispiel", "", "anna@example.org", "", "", ""],
            ["Müller, Jonas", "jonas-mueller", "", "no", "no", ""],
        ];
        var text = string.Concat(rows.Select(cells => string.Join(',', cells.Select(AuditLog.CsvCell)) + "\r\n"));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }
}
