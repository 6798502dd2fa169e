using System.Globalization;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Rooms;
using AdminPortal.Staff;
using AdminPortal.TimeZones;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminPortal.Components.Pages.Invites.Bulk;

/// <summary>
/// Bulk invites: rows from an uploaded or pasted CSV, settings once for the batch, a preview where rows with errors are fixed or
/// skipped, a confirmation, creation with progress and Cancel, and the links shown once.
/// </summary>
public sealed partial class BulkInvitesPage : IDisposable
{
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private PresetService Presets { get; set; } = default!;
    [Inject] private RoomsService Rooms { get; set; } = default!;
    [Inject] private InviteService Invites { get; set; } = default!;
    [Inject] private BulkInviteCreator Creator { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private BrowserTimeZone TimeZone { get; set; } = default!;

    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-dd"];

    private StaffActor? _actor;
    private BulkStaff? _staff;
    private List<BulkRow> _rows = [];
    private readonly HashSet<int> _skipped = [];
    private IReadOnlyList<string> _ignored = [];
    private string? _fileName, _pasted, _fileError;
    private string? _name, _roomId, _roomTitle, _reason, _fromText, _meetingText;
    private int? _presetId, _maxUses;
    private int _days = 7, _maxDays = 30, _meetingMinutes = 60;
    private string? _settingsError, _createError, _roomNote;
    private (string Room, IReadOnlySet<string> UserIds)? _roomUsers;
    private BulkPreviewResult? _preview;
    private bool _busy, _confirming;
    private BulkProgress? _progress;
    private CancellationTokenSource? _cancel;
    private BulkCreateOutcome? _outcome;

    private IReadOnlyList<BulkRow> Skipped => [.. _rows.Where(r => _skipped.Contains(r.Row))];

    private string RoomName => string.IsNullOrWhiteSpace(_roomTitle) ? (_roomId ?? "").Trim() : $"{_roomTitle.Trim()} ({(_roomId ?? "").Trim()})";

    private string ZoneLabel => TimeZone.DiffersFromUtc ? $"your time, {TimeZone.Name}" : "UTC";

    protected override async Task OnInitializedAsync()
    {
        _actor = await Staff.GetActorAsync();
        if (_actor is not null)
        {
            _staff = await BulkStaff.ForAsync(Presets, _actor);
        }
        _maxDays = (await Invites.GetSettingsAsync()).MaxValidDays;
        _days = Math.Min(7, _maxDays);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && TimeZone.Zone is null && await TimeZone.ResolveAsync() is not null)
        {
            StateHasChanged();
        }
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }
        _fileName = file.Name;
        if (file.Size > BulkCsv.MaxBytes)
        {
            Load(BulkCsvResult.Failed($"“{file.Name}” is {file.Size / 1024.0 / 1024.0:0.0} MB; at most 4 MB can be read. Split it into smaller files."));
            return;
        }
        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream(BulkCsv.MaxBytes))
        {
            await stream.CopyToAsync(buffer);
        }
        Load(BulkCsv.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        if (string.IsNullOrWhiteSpace(_name))
        {
            _name = Path.GetFileNameWithoutExtension(file.Name);
        }
    }

    private Task ReadPastedAsync()
    {
        _fileName = null;
        Load(BulkCsv.Parse(_pasted ?? ""));
        return Task.CompletedTask;
    }

    private void Load(BulkCsvResult result)
    {
        (_preview, _confirming, _createError) = (null, false, null);
        _skipped.Clear();
        _rows = [.. result.Rows];
        _ignored = result.IgnoredColumns;
        _fileError = result.Error ?? (_rows.Count == 0 ? "There are no rows under the header line." : null);
    }

    private void UseRoom(string roomId) => _roomId = roomId;

    private async Task CheckAsync()
    {
        _createError = null;
        if (Terms() is { Error: { } error })
        {
            _settingsError = error;
            return;
        }
        _settingsError = null;
        _roomUsers = null; // a new look at who is in the room each time staff ask
        await PreviewAsync();
    }

    /// <summary>Checks every row not skipped; the room's participants are asked for once per room (one plugNmeet call).</summary>
    private async Task PreviewAsync()
    {
        if (_staff is null)
        {
            _settingsError = "Your account is signed out or disabled. Sign in again.";
            return;
        }
        var room = (_roomId ?? "").Trim();
        if (_roomUsers?.Room != room)
        {
            _roomNote = null;
            IReadOnlySet<string> ids = new HashSet<string>();
            if (JoinLinkRules.RoomId(room) is null)
            {
                try
                {
                    var running = await Rooms.GetAsync(room);
                    ids = running?.Participants.Select(p => p.UserId).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal) ?? [];
                }
                catch (PlugNmeet.PlugNmeetException ex)
                {
                    _roomNote = $"Could not ask plugNmeet who is in the room now ({ex.Message}): user ids were checked within the file only.";
                }
            }
            _roomUsers = (room, ids);
        }
        _confirming = false;
        _preview = BulkPreview.Check([.. _rows.Where(r => !_skipped.Contains(r.Row))], Batch(), _staff, _roomUsers.Value.UserIds);
    }

    private BulkBatch Batch() => new((_roomId ?? "").Trim(), _staff?.Presets.FirstOrDefault(p => p.Id == _presetId), _reason ?? "", _roomTitle ?? "");

    private Task EditAsync(BulkRow row)
    {
        var index = _rows.FindIndex(r => r.Row == row.Row);
        _rows[index] = row;
        return PreviewAsync();
    }

    private Task SkipAsync(int row)
    {
        _skipped.Add(row);
        return PreviewAsync();
    }

    private Task IncludeAsync(int row)
    {
        _skipped.Remove(row);
        return PreviewAsync();
    }

    private async Task ConfirmAsync()
    {
        _createError = Terms().Error;
        if (_createError is not null)
        {
            return;
        }
        await PreviewAsync(); // the settings may have changed since the last check
        var errors = _preview!.Rows.Count - _preview.ValidCount;
        _createError = _preview.BatchErrors.Count > 0 ? "Fix the batch's settings first: see the messages above."
            : errors > 0 ? $"{errors:N0} row(s) still have errors: fix them in the table or skip them. No invites were created."
            : _preview.ValidCount == 0 ? "Every row is skipped: there is nothing to create." : null;
        _confirming = _createError is null;
    }

    private async Task CreateAsync()
    {
        var (terms, error) = Terms();
        if (terms is null || _actor is null || _preview is null)
        {
            _createError = error ?? "Your account is signed out or disabled. Sign in again.";
            return;
        }
        (_busy, _confirming, _createError) = (true, false, null);
        var rows = _preview.Rows;
        _cancel = new CancellationTokenSource();
        _progress = new(0, rows.Count);
        try
        {
            // Off the circuit's thread: SQLite works synchronously, and the page must keep drawing progress and hear Cancel.
            var outcome = await Task.Run(() => Creator.CreateAsync(terms, rows, _actor, new Uri(Navigation.BaseUri), new Reporter(this), _cancel.Token));
            if (outcome.Batch is null)
            {
                _createError = outcome.Error;
            }
            else
            {
                _outcome = outcome;
            }
        }
        finally
        {
            (_busy, _progress) = (false, null);
        }
    }

    private void Cancel() => _cancel?.Cancel();

    /// <summary>Shows each chunk's progress on the circuit; reports that arrive after creation ended are dropped.</summary>
    private sealed class Reporter(BulkInvitesPage page) : IProgress<BulkProgress>
    {
        public void Report(BulkProgress value) => _ = page.InvokeAsync(() =>
        {
            if (page._progress is not null)
            {
                page._progress = value;
                page.StateHasChanged();
            }
        });
    }

    /// <summary>The batch's terms from the fields, or what is wrong with them.</summary>
    private (BulkTerms? Terms, string? Error) Terms()
    {
        var now = Time.GetUtcNow();
        if (!TryParseTime(_fromText, out var from))
        {
            return (null, "Valid from: enter a date and time like 2026-03-05 14:30 (or only a date), or leave it empty for now.");
        }
        if (_days < 1 || _days > _maxDays)
        {
            return (null, $"Valid for: enter between 1 and {_maxDays} days.");
        }
        if (_maxUses is < 1)
        {
            return (null, "Maximum uses: enter at least 1, or leave it empty for unlimited.");
        }
        if (!TryParseTime(_meetingText, out var meeting))
        {
            return (null, "Meeting starts: enter a date and time like 2026-03-05 14:30, or leave it empty.");
        }
        if (meeting is not null && _meetingMinutes is < 1 or > 24 * 60)
        {
            return (null, "Duration: enter between 1 and 1,440 minutes.");
        }
        // A start a few minutes back (typed a moment ago) means now.
        var start = from is { } typed && typed > now ? typed : now;
        return (new BulkTerms(_name ?? "", Batch(), start, start.AddDays(_days), _maxUses, meeting, meeting?.AddMinutes(_meetingMinutes)), null);
    }

    /// <summary>Reads a typed time in the viewer's time zone (UTC until the browser has said); empty is fine (null).</summary>
    private bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (!DateTime.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || TimeZone.Zone is { } skipped && skipped.IsInvalidTime(local))
        {
            return false;
        }
        value = TimeZone.Zone is { } zone && TimeZone.DiffersFromUtc
            ? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero)
            : new DateTimeOffset(local, TimeSpan.Zero);
        return true;
    }

    public void Dispose() => _cancel?.Cancel(); // leaving the page stops creation after the current chunk; what was made is kept
}
