using AdminPortal.Audit;
using AdminPortal.JoinLinks;

namespace AdminPortal.Attendance;

/// <summary>
/// <c>GET /rooms/{roomId}/attendance.csv?session={sid}</c>: who was in one session of a room, for any signed-in staff member
/// (the rooms console shows the same people). Cells are made safe for spreadsheets as in the audit export.
/// </summary>
public static class AttendanceExport
{
    public static readonly string[] Columns = ["name", "user id", "kind", "joined (UTC)", "left (UTC)", "minutes", "issued by", "invite"];

    public static IServiceCollection AddAttendance(this IServiceCollection services) => services.AddSingleton<AttendanceService>();

    public static IEndpointRouteBuilder MapAttendance(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/rooms/{roomId}/attendance.csv", async (string roomId, string? session, HttpContext context, AttendanceService attendance,
            TimeProvider time) =>
        {
            if (JoinLinkRules.RoomId(roomId) is not null || string.IsNullOrWhiteSpace(session))
            {
                return Results.NotFound();
            }
            var facts = await attendance.ForRoomAsync(roomId, session, context.RequestAborted);
            if (facts.Session is null)
            {
                return Results.NotFound();
            }
            var response = context.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=attendance-{FileNamePart(roomId)}-{facts.Session.StartedAt ?? time.GetUtcNow():yyyyMMdd-HHmm}.csv";
            response.Headers.CacheControl = "no-store"; // names and times of people; no cache keeps a copy
            // A UTF-8 byte-order mark makes spreadsheet programs read names such as "Zoë" correctly.
            await using var csv = new StreamWriter(response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await csv.WriteAsync(Write(facts, time.GetUtcNow()));
            return Results.Empty;
        }).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The CSV text: a header and one row per stay, in joining order.</summary>
    public static string Write(RoomAttendance facts, DateTimeOffset now)
    {
        var text = new System.Text.StringBuilder(string.Join(',', Columns)).Append("\r\n");
        foreach (var (presence, admission) in facts.People)
        {
            string?[] cells =
            [
                presence.Name ?? admission?.DisplayName, presence.UserId,
                admission?.KindName ?? "not issued by the portal",
                Utc(presence.JoinedAt), presence.InRoomNow ? "in the room" : Utc(presence.LeftAt),
                presence.Duration(now) is { } stayed ? ((int)Math.Round(stayed.TotalMinutes)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                admission?.IssuedBy, admission?.InviteId is { } id ? "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ];
            text.Append(string.Join(',', cells.Select(AuditLog.CsvCell))).Append("\r\n");
        }
        return text.ToString();
    }

    private static string? Utc(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    // Room ids allow characters a file name should not carry; the download's name only needs to be recognisable.
    private static string FileNamePart(string roomId) => new(roomId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(60).ToArray());
}
