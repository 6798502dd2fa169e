using AdminPortal.Attendance;
using AdminPortal.Email.Outbox;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Invites;

/// <summary>
/// The invites list: one page at a time from the server, searched there; each invite's QR, recovery and revoke (confirmed, undoable),
/// and who opened it and joined (issue 13), reloaded for the whole page every <see cref="AttendanceRefresh"/> while it is open.
/// </summary>
public sealed partial class InvitesPage : IDisposable
{
    /// <summary>How often the attendance of the invites shown is read again: often enough to see someone arrive, one query each time.</summary>
    public static readonly TimeSpan AttendanceRefresh = TimeSpan.FromSeconds(10);

    [Inject] private InviteService Invites { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private AttendanceService Attendance { get; set; } = default!;
    [Inject] private InvitationOutbox Outbox { get; set; } = default!;

    /// <summary>Shows only the invites of this bulk batch (<c>/invites?batch=12</c>, as the QR sheet links back).</summary>
    [SupplyParameterFromQuery(Name = "batch")] public int? Batch { get; set; }

    private StaffActor? _actor;
    private InviteBatchesPanel? _batchesPanel;
    private MudTable<Invite> _table = default!;
    private string? _search;
    private int? _total;
    private (Invite Invite, string Url, string Qr)? _shown;
    private string? _error;
    private Invite? _offerOneMoreUse;
    private IReadOnlyList<int> _shownIds = [];
    private IReadOnlyDictionary<int, IReadOnlyList<InviteVisit>> _visits = new Dictionary<int, IReadOnlyList<InviteVisit>>();
    private IReadOnlyDictionary<int, DeliveryStatus> _deliveries = new Dictionary<int, DeliveryStatus>();
    private string? _mailBlocked;
    private readonly HashSet<int> _expanded = [];
    private readonly CancellationTokenSource _closing = new();
    private ITimer? _attendanceTimer;

    private DateTimeOffset Now => Time.GetUtcNow();

    private bool IsAdministrator => _actor?.IsAdministrator == true;

    private bool AnyPresence => _visits.Values.Any(visits => visits.Any(v => v.Presences.Count > 0));

    private string CountText => _total switch
    {
        null => "",
        var n when Batch is not null => n == 1 ? "1 invite in this batch" : $"{n} invites in this batch",
        1 => string.IsNullOrWhiteSpace(_search) ? "1 invite" : "1 invite matches",
        var n => string.IsNullOrWhiteSpace(_search) ? $"{n} invites" : $"{n} invites match",
    };


    protected override async Task OnInitializedAsync() => _actor = await Staff.GetActorAsync();

    private async Task<TableData<Invite>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (_actor is null)
        {
            _total = 0;
            return new() { Items = [], TotalItems = 0 };
        }
        var page = await Invites.ListAsync(_actor, _search, state.Page, InviteService.PageSize, cancellationToken, Batch);
        var hadPresence = AnyPresence;
        _shownIds = page.Items.Select(i => i.Id).ToList();
        _visits = await Attendance.ForInvitesAsync(_shownIds, cancellationToken);
        _deliveries = await Outbox.StatusForAsync(_shownIds, cancellationToken);
        _mailBlocked = await Outbox.BlockedBecauseAsync(cancellationToken); // once a page, not once a row
        if (_total != page.Total || hadPresence != AnyPresence)
        {
            // The count and the note on webhooks sit outside the table, which re-renders only itself.
            _total = page.Total;
            StateHasChanged();
        }
        return new() { Items = page.Items, TotalItems = page.Total };
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Not during prerendering (which never calls this), so only a live page has a timer.
        if (firstRender)
        {
            _attendanceTimer = Time.CreateTimer(_ => _ = InvokeAsync(RefreshAttendanceAsync), null, AttendanceRefresh, AttendanceRefresh);
        }
    }

    private async Task RefreshAttendanceAsync()
    {
        var ids = _shownIds;
        if (ids.Count == 0 || _closing.IsCancellationRequested)
        {
            return;
        }
        IReadOnlyDictionary<int, IReadOnlyList<InviteVisit>> visits;
        IReadOnlyDictionary<int, DeliveryStatus> deliveries;
        try
        {
            visits = await Attendance.ForInvitesAsync(ids, _closing.Token);
            deliveries = await Outbox.StatusForAsync(ids, _closing.Token); // invitation e-mails leave in the background
        }
        catch (OperationCanceledException)
        {
            return; // the page closed while reading
        }
        // Another page of invites may have been loaded meanwhile, with its own attendance.
        if (!ReferenceEquals(ids, _shownIds))
        {
            return;
        }
        if (visits.Any(v => v.Value.Count != _visits.GetValueOrDefault(v.Key, []).Count))
        {
            // Someone opened an invite: its Uses and Last use columns changed too, so the rows are read again (with attendance).
            await _table.ReloadServerData();
            return;
        }
        (_visits, _deliveries) = (visits, deliveries);
        StateHasChanged();
    }

    private void ShowVisits(int inviteId, bool open)
    {
        if (open)
        {
            _expanded.Add(inviteId);
        }
        else
        {
            _expanded.Remove(inviteId);
        }
    }

    private Task FilterBatchAsync(int? batchId)
    {
        Batch = batchId;
        return _table.ReloadServerData();
    }

    private Task SearchAsync(string? search)
    {
        _search = search;
        return _table.ReloadServerData();
    }

    private async Task ShowAsync(Invite invite)
    {
        var url = _actor is null ? null : await Invites.UrlForAsync(_actor, invite.Id, new Uri(Navigation.BaseUri));
        _shown = url is null ? null : (invite, url, QrCodeImage.ToPngDataUri(url));
    }

    private Task OneMoreUseAsync(Invite invite) =>
        RunAsync(actor => Invites.AllowOneMoreUseAsync(actor, invite.Id), $"Invite #{invite.Id} may be used once more.");

    private async Task ReissueAsync(Invite invite)
    {
        InviteOutcome? outcome = null;
        await RunAsync(async actor =>
        {
            outcome = await Invites.ReissueAsync(actor, invite.Id, new Uri(Navigation.BaseUri));
            return outcome.Error;
        }, $"Invite #{invite.Id} re-issued with a new link; the old link no longer works.");
        if (outcome is { Succeeded: true })
        {
            _shown = (outcome.Invite!, outcome.Url!, outcome.QrCodeDataUri!);
        }
    }

    private async Task RevokeAsync(Invite invite)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Revoke invite #{invite.Id}?",
            Message = $"Everyone who opens this invite to {InvitationText.RoomName(invite)} will be refused, including people who have it on paper " +
                "or in an e-mail. You can undo this for a few seconds.",
            YesText = "Revoke",
            CancelText = "Keep it",
        }, new DialogOptions { CloseOnEscapeKey = true });
        if (confirmed != true)
        {
            return;
        }
        await RunAsync(actor => Invites.RevokeAsync(actor, invite.Id), $"Invite #{invite.Id} revoked.", snackbar =>
        {
            snackbar.Action = "Undo";
            snackbar.ActionColor = Color.Inherit;
            // Shorter than the server's window, so Undo is never offered when the server would refuse it.
            snackbar.VisibleStateDuration = (int)(InviteService.RevokeUndoWindow.TotalMilliseconds / 3);
            snackbar.OnClick = _ => InvokeAsync(() => UndoRevokeAsync(invite));
        });
    }

    private async Task UndoRevokeAsync(Invite invite)
    {
        await RunAsync(actor => Invites.UndoRevokeAsync(actor, invite.Id), $"Invite #{invite.Id} restored: it works as before.");
        // Called from the snackbar, not from an event of this page, so the page does not re-render by itself.
        StateHasChanged();
    }

    private async Task ExtendAsync(Invite invite)
    {
        var from = invite.ValidUntil > Now ? invite.ValidUntil : Now;
        await RunAsync(actor => Invites.ExtendAsync(actor, invite.Id, from.AddDays(7)), $"Invite #{invite.Id} extended by 7 days.");
        // A used-up invite needs another use, not more time: offer that next to the explanation.
        _offerOneMoreUse = _error is not null && invite.MaxUses is { } max && invite.Uses >= max ? invite : null;
    }

    private async Task RunAsync(Func<StaffActor, Task<string?>> action, string success, Action<SnackbarOptions>? snackbar = null)
    {
        _error = null;
        _offerOneMoreUse = null;
        _actor = await Staff.GetActorAsync();
        if (_actor is null)
        {
            _error = "Your account is signed out or disabled. Sign in again.";
            return;
        }
        try
        {
            _error = await action(_actor);
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = ex.Message;
        }
        if (_error is null)
        {
            Snackbar.Add(success, Severity.Success, snackbar);
            // A batch's counts include this invite.
            if (_batchesPanel is not null)
            {
                await _batchesPanel.ReloadAsync();
            }
        }
        await _table.ReloadServerData();
    }

    public void Dispose()
    {
        _attendanceTimer?.Dispose();
        _closing.Cancel();
        _closing.Dispose();
    }
}
