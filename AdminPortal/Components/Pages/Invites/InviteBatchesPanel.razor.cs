using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Invites;

/// <summary>The batches section of the invites page; tells the page when invites changed or another batch was chosen.</summary>
public sealed partial class InviteBatchesPanel
{
    [Inject] private InviteBatchService Batches { get; set; } = default!;
    [Inject] private InviteService InvitesService { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    /// <summary>The batch the invites list is filtered to, if any.</summary>
    [Parameter] public int? SelectedBatchId { get; set; }
    [Parameter] public EventCallback<int?> SelectedBatchIdChanged { get; set; }

    /// <summary>Raised after invites of a batch were revoked or extended, so the list shows them as they are now.</summary>
    [Parameter] public EventCallback InvitesChanged { get; set; }

    private IReadOnlyList<InviteBatchSummary>? _batches;
    private StaffActor? _actor;
    private readonly Dictionary<int, string> _errors = [];
    private int? _extending;
    private int _days = 7;
    private int _maxDays = 30;

    private bool IsAdministrator => _actor?.IsAdministrator == true;

    private DateTimeOffset NewValidUntil => Time.GetUtcNow().AddDays(Math.Clamp(_days, 1, _maxDays));

    protected override Task OnInitializedAsync() => ReloadAsync();

    /// <summary>Reads the batches and their counts again (the page calls it after an invite of the list changed).</summary>
    public async Task ReloadAsync()
    {
        _actor = await Staff.GetActorAsync();
        _batches = _actor is null ? [] : await Batches.ListAsync(_actor);
        StateHasChanged();
    }

    private static string SheetHref(int id) => InviteBatchHosting.SheetPath(id).TrimStart('/');

    private static string CsvHref(int id) => InviteBatchHosting.CsvPath(id).TrimStart('/');

    private static string Invites(int count) => count == 1 ? "1 invite" : $"{count} invites";

    private async Task ToggleExtend(InviteBatchSummary summary)
    {
        _extending = _extending == summary.Batch.Id ? null : summary.Batch.Id;
        _maxDays = (await InvitesService.GetSettingsAsync()).MaxValidDays;
        _days = Math.Min(7, _maxDays);
    }

    private async Task RevokeAllAsync(InviteBatchSummary summary)
    {
        var count = Invites(summary.NotRevoked);
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Revoke all {count} of \"{summary.Batch.Name}\"?",
            Message = $"{count} of this batch {(summary.NotRevoked == 1 ? "is" : "are")} not revoked yet. Everyone who opens one of them will be refused, " +
                "including people who have it on a printed sheet or in an e-mail. This cannot be undone: re-issue single invites to replace them.",
            YesText = $"Revoke {count}",
            CancelText = "Keep them",
        }, new DialogOptions { CloseOnEscapeKey = true });
        if (confirmed == true)
        {
            await RunAsync(summary, actor => Batches.RevokeAllAsync(actor, summary.Batch.Id), $"Batch \"{summary.Batch.Name}\": {count} revoked.");
        }
    }

    private async Task ExtendAllAsync(InviteBatchSummary summary)
    {
        var until = NewValidUntil;
        if (await RunAsync(summary, actor => Batches.ExtendAllAsync(actor, summary.Batch.Id, until),
            $"Batch \"{summary.Batch.Name}\": {Invites(summary.NotRevoked - summary.UsedUp)} extended."))
        {
            _extending = null;
        }
    }

    private async Task<bool> RunAsync(InviteBatchSummary summary, Func<StaffActor, Task<string?>> action, string success)
    {
        _errors.Remove(summary.Batch.Id);
        _actor = await Staff.GetActorAsync();
        var error = _actor is null ? "Your account is signed out or disabled. Sign in again." : await action(_actor);
        if (error is not null)
        {
            _errors[summary.Batch.Id] = error;
            return false;
        }
        Snackbar.Add(success, Severity.Success);
        await ReloadAsync();
        await InvitesChanged.InvokeAsync();
        return true;
    }
}
