using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Staff;

public sealed partial class StaffAccounts
{
    [Inject] private StaffService Accounts { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private MudForm _form = default!;
    private IReadOnlyList<StaffMember>? _members;
    private string _email = "";
    private string _displayName = "";
    private string _role = StaffRoles.LeastPrivileged;
    private string _password = "";
    private string? _oneTimePassword;
    private string? _oneTimePasswordFor;
    private string? _error;
    private bool _busy;
    private string _search = "";
    private string? _renaming;
    private string _newName = "";
    private MudTextField<string> _renameField = default!;

    // The server's answer about the e-mail, shown by the field for as long as that address is still typed there.
    private (string Email, string Message)? _emailRefused;

    private IEnumerable<StaffMember> Visible => (_members ?? []).Where(m => string.IsNullOrWhiteSpace(_search)
        || m.Email.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
        || m.DisplayName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    protected override Task OnInitializedAsync() => ReloadAsync();

    private string? ValidateEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null; // Required says so
        }
        if (_emailRefused is { } refused && refused.Email == value.Trim())
        {
            return refused.Message;
        }
        return StaffService.TooLong("The e-mail address", value, StaffService.MaxEmailLength) ?? StaffService.InvalidEmail(value);
    }

    private async Task ReloadAsync()
    {
        var actor = await Staff.GetActorAsync();
        if (actor is not { IsAdministrator: true })
        {
            _members = [];
            _error = StaffService.AdministratorOnly;
            return;
        }
        _members = await Accounts.ListAsync(actor);
    }

    private async Task CreateAsync()
    {
        _emailRefused = null;
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }
        var email = _email.Trim();
        var result = await RunAsync(actor => Accounts.CreateAsync(actor, email, _displayName, _role, _password), email, $"Added {email}.");
        if (result is { AboutEmail: true, Error: { } message })
        {
            (_error, _emailRefused) = (null, (email, message));
            await _form.ValidateAsync();
        }
        else if (result is { Succeeded: true })
        {
            (_email, _displayName, _password, _role) = ("", "", "", StaffRoles.LeastPrivileged);
            // The cleared values must reach the fields before validation is reset, or the empty fields show "required".
            StateHasChanged();
            await Task.Yield();
            await _form.ResetValidationAsync();
        }
    }

    private void StartRename(StaffMember member) => (_renaming, _newName) = (member.Id, member.DisplayName);

    private async Task RenameAsync(StaffMember member)
    {
        await _renameField.ValidateAsync();
        if (_renameField.ValidationErrors.Count > 0)
        {
            return;
        }
        var result = await RunAsync(actor => Accounts.RenameAsync(actor, member.Id, _newName), member.Email, $"{member.Email} is now named {_newName.Trim()}.");
        if (result is { Succeeded: true })
        {
            _renaming = null;
        }
    }

    private Task ChangeRoleAsync(StaffMember member, string role) =>
        RunAsync(actor => Accounts.ChangeRoleAsync(actor, member.Id, role), member.Email, $"{member.Email} is now {role}.");

    private async Task SetDisabledAsync(StaffMember member, bool disabled)
    {
        if (disabled && !await ConfirmAsync($"Disable {member.DisplayName}?",
                $"{Name(member)} will be signed out everywhere within seconds and cannot sign in until an Administrator re-enables the account.",
                "Disable"))
        {
            return;
        }
        await RunAsync(actor => Accounts.SetDisabledAsync(actor, member.Id, disabled), member.Email, $"{member.Email} {(disabled ? "disabled" : "re-enabled")}.");
    }

    private Task UnlockAsync(StaffMember member) =>
        RunAsync(actor => Accounts.UnlockAsync(actor, member.Id), member.Email, $"{member.Email} unlocked.");

    private async Task ResetPasswordAsync(StaffMember member)
    {
        if (!await ConfirmAsync($"Reset the password of {member.DisplayName}?",
                $"The current password of {Name(member)} stops working at once. You will see the new one once, on this page, to hand over.",
                "Reset password"))
        {
            return;
        }
        await RunAsync(actor => Accounts.ResetPasswordAsync(actor, member.Id, null), member.Email, $"New password generated for {member.Email}.");
    }

    private static string Name(StaffMember member) =>
        string.IsNullOrWhiteSpace(member.DisplayName) || member.DisplayName == member.Email ? member.Email : $"{member.DisplayName} ({member.Email})";

    /// <summary>True only when the Administrator chose <paramref name="action"/>; Cancel, Escape or closing the dialog do nothing.</summary>
    private async Task<bool> ConfirmAsync(string title, string message, string action) =>
        await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions { Title = title, Message = message, YesText = action, CancelText = "Cancel" },
            new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.ExtraSmall, FullWidth = true }) == true;

    /// <summary>Runs one account action for the signed-in Administrator; the result, or null when nobody is signed in.</summary>
    private async Task<StaffResult?> RunAsync(Func<StaffActor, Task<StaffResult>> action, string email, string success)
    {
        _busy = true;
        _error = null;
        _oneTimePassword = null;
        try
        {
            var actor = await Staff.GetActorAsync();
            if (actor is null)
            {
                _error = "Your account is signed out or disabled. Sign in again.";
                return null;
            }
            var result = await action(actor);
            if (result.Succeeded)
            {
                Snackbar.Add(success, Severity.Success);
                (_oneTimePassword, _oneTimePasswordFor) = (result.GeneratedPassword, email);
            }
            else
            {
                _error = result.Error;
            }
            await ReloadAsync();
            return result;
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = ex.Message;
            return null;
        }
        finally
        {
            _busy = false;
        }
    }
}
