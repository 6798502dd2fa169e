using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Invites;

/// <summary>The invites list: one page at a time from the server, searched there; each invite's QR, recovery and revoke (confirmed, undoable).</summary>
public sealed partial class InvitesPage
{
    [Inject] private InviteService Invites { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private StaffActor? _actor;
    private MudTable<Invite> _table = default!;
    private string? _search;
    private int? _total;
    private (Invite Invite, string Url, string Qr)? _shown;
    private string? _error;
    private Invite? _offerOneMoreUse;

    private DateTimeOffset Now => Time.GetUtcNow();

    private bool IsAdministrator => _actor?.IsAdministrator == true;

    private string CountText => _total switch
    {
        null => "",
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
        var page = await Invites.ListAsync(_actor, _search, state.Page, InviteService.PageSize, cancellationToken);
        if (_total != page.Total)
        {
            // The count sits outside the table, which re-renders only itself.
            _total = page.Total;
            StateHasChanged();
        }
        return new() { Items = page.Items, TotalItems = page.Total };
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
        }
        await _table.ReloadServerData();
    }
}
