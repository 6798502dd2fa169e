using AdminPortal.Attendance;
using AdminPortal.Audit;
using AdminPortal.Staff;
using AdminPortal.TimeZones;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Audit;

public sealed partial class AuditPage
{
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BrowserTimeZone TimeZone { get; set; } = default!;
    [Inject] private AttendanceService Attendance { get; set; } = default!;

    private MudDataGrid<AuditEntry> _grid = default!;
    private string? _staff, _room, _userId;
    private string _event = "", _linkType = "";
    private DateTime? _from, _until;
    private AuditFilter _filter = new();
    private IReadOnlyDictionary<long, IReadOnlyList<Presence>> _presences = new Dictionary<long, IReadOnlyList<Presence>>();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The date filters and the note above the table name the zone, so they change once the browser has said which it is.
        if (firstRender && TimeZone.Zone is null && await TimeZone.ResolveAsync() is not null)
        {
            StateHasChanged();
        }
    }

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        var actor = await Staff.GetActorAsync(cancellationToken);
        if (actor is not { IsAdministrator: true })
        {
            // The role was taken away while this page was open.
            Navigation.NavigateTo("Account/AccessDenied", forceLoad: true);
            return new GridData<AuditEntry> { Items = [], TotalItems = 0 };
        }
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = await Audit.QueryAsync(actor, _filter, state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? true, cancellationToken);
        // One attendance query for the page's links and invite uses.
        var tokens = page.Items.Where(MayHaveJoined).Select(e => e.Id).ToList();
        _presences = tokens.Count == 0 ? new Dictionary<long, IReadOnlyList<Presence>>() : await Attendance.ForAdmissionsAsync(tokens, cancellationToken);
        return new GridData<AuditEntry> { Items = page.Items, TotalItems = page.Total };
    }

    private Task ApplyAsync()
    {
        // The dates are days of the viewer's calendar: "from" is the start of that day there, "until" the end of it.
        _filter = new AuditFilter
        {
            Staff = _staff, RoomId = _room, UserId = _userId, Kind = _event,
            From = _from is { } from ? TimeZone.StartOfDay(DateOnly.FromDateTime(from)) : null,
            Until = _until is { } until ? TimeZone.StartOfDay(DateOnly.FromDateTime(until).AddDays(1)) : null,
            IsAdmin = _linkType switch { "admin" => true, "participant" => false, _ => null },
            IsHidden = _linkType switch { "hidden" => true, "participant" => false, _ => null },
        };
        return _grid.ReloadServerData();
    }

    private string DateHelp => $"Days in {TimeZone.Name}";

    private string ExportUrl => "audit/export.csv" + AuditQuery.ToQueryString(_filter);

    private static string DetailId(AuditEntry e) => $"audit-detail-{e.Id}";

    private static IEnumerable<(string Name, string Value)> FullEntry(AuditEntry e) =>
        AuditLog.CsvColumns.Zip(AuditLog.CsvCells(e)).Where(c => !string.IsNullOrEmpty(c.Second)).Select(c => (c.First, c.Second!));

    // Hides a label on the phone card when its value is empty; the desktop table keeps the cell.
    private static string EmptyClass(params string?[] values) => values.All(string.IsNullOrEmpty) ? "audit-empty" : "";

    /// <summary>A token handed out for a room and user id (a direct link or an invite use): webhooks can tell whether it was used.</summary>
    private static bool MayHaveJoined(AuditEntry e) => e.Kind is AuditKinds.LinkIssued or AuditKinds.InviteUsed && e.Outcome == "ok"
        && e.RoomId is not null && e.UserId is not null;

    private static string Outcome(string outcome) => outcome switch
    {
        "ok" => "OK",
        "refused" => "Refused",
        "failed" => "Failed",
        _ => outcome,
    };

    private static string LinkSummary(AuditEntry e) => string.Join(" · ", new[]
    {
        e.IsAdmin == true ? "administrator" : null,
        e.IsHidden == true ? "hidden" : null,
        e.Preset is null ? null : "preset: " + e.Preset,
    }.OfType<string>());
}
