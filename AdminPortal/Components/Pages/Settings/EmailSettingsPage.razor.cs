using AdminPortal.Email;
using AdminPortal.Staff;
using MudBlazor;

namespace AdminPortal.Components.Pages.Settings;

public sealed partial class EmailSettingsPage
{
    private const string RecipientField = "TestRecipient";

    private EmailSettingsView? _view;
    private EmailSettingsForm _form = new();
    private Dictionary<string, string> _problems = [];
    private string _recipient = "";
    private EmailSendResult? _test;
    private bool _busy, _sending;
    private string? _error;
    private int _passwordGeneration;
    private StaffActor? _actor;

    protected override async Task OnInitializedAsync()
    {
        _actor = await Staff.GetActorAsync();
        _recipient = _actor?.Email ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_actor is null)
        {
            return; // signed out or disabled since the page was authorized: nothing to show
        }
        _view = await Settings.GetAsync(_actor);
        _form = _view.Form;
    }

    private static string PasswordStatus(EmailSettingsView view) =>
        view.PasswordUnreadable ? "Set, but this server's key ring cannot read it: enter it again."
        : view is { PasswordSet: true, PasswordChangedAt: { } changedAt } ? $"Set (changed {changedAt:yyyy-MM-dd HH:mm} UTC)."
        : view.PasswordSet ? "Set."
        : "Not set.";

    private string Read(string name) => name switch
    {
        nameof(EmailSettingsForm.Host) => _form.Host,
        nameof(EmailSettingsForm.UserName) => _form.UserName,
        nameof(EmailSettingsForm.SenderName) => _form.SenderName,
        nameof(EmailSettingsForm.SenderAddress) => _form.SenderAddress,
        _ => _form.ReplyTo,
    };

    private void Typed(string name, object? value)
    {
        switch (name)
        {
            case nameof(EmailSettingsForm.Host): _form.Host = value as string ?? ""; break;
            case nameof(EmailSettingsForm.Port): _form.Port = value is int port ? port : _form.Port; break;
            case nameof(EmailSettingsForm.Security): _form.Security = value is SmtpSecurity security ? security : _form.Security; break;
            case nameof(EmailSettingsForm.UserName): _form.UserName = value as string ?? ""; break;
            case nameof(EmailSettingsForm.NewPassword): _form.NewPassword = value as string ?? ""; break;
            case nameof(EmailSettingsForm.ClearPassword): _form.ClearPassword = value is true; break;
            case nameof(EmailSettingsForm.SenderName): _form.SenderName = value as string ?? ""; break;
            case nameof(EmailSettingsForm.SenderAddress): _form.SenderAddress = value as string ?? ""; break;
            case nameof(EmailSettingsForm.ReplyTo): _form.ReplyTo = value as string ?? ""; break;
        }
        _error = null;
        _problems.Remove(name);
    }

    private async Task SaveAsync()
    {
        // Busy before the first await: a second click while saving does nothing.
        if (_busy)
        {
            return;
        }
        (_busy, _error) = (true, null);
        try
        {
            _actor = await Staff.GetActorAsync();
            if (_actor is null)
            {
                _error = "Your account is signed out or disabled. Sign in again.";
                return;
            }
            _problems = await Settings.SaveAsync(_actor, _form);
            if (_problems.Count == 0)
            {
                _passwordGeneration++; // a fresh, empty password field
                await LoadAsync();
                Snackbar.Add("E-mail settings saved.", Severity.Success);
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendTestAsync()
    {
        if (_busy || _actor is null)
        {
            return;
        }
        (_busy, _sending, _error, _test) = (true, true, null, null);
        try
        {
            _problems = EmailSettingsRules.Check(_form);
            if (EmailSettingsRules.AddressProblem("The address", _recipient) is { } badRecipient)
            {
                _problems[RecipientField] = badRecipient;
            }
            if (_problems.Count == 0)
            {
                _test = await Settings.SendTestAsync(_actor, _form, _recipient);
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            (_busy, _sending) = (false, false);
        }
    }
}
