using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Templates;

/// <summary>Administrators list, add, edit, delete room templates and choose the default one.</summary>
public sealed partial class TemplatesPage
{
    [Inject] private RoomTemplateService Templates { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private MudForm _form = default!;
    private IReadOnlyList<RoomTemplate> _templates = [];
    private RoomTemplate? _editing;
    private string _originalName = "";
    private HashSet<string> _locks = [];
    private IReadOnlyList<string> _presetsUsing = [];
    private string? _error;
    private bool _confirmDelete;

    protected override async Task OnInitializedAsync() => _templates = await Templates.ListAsync();

    private void Select(int id)
    {
        if (_templates.FirstOrDefault(t => t.Id == id) is { } template)
        {
            Edit(new RoomTemplate
            {
                Id = template.Id, Name = template.Name, Description = template.Description, IsDefault = template.IsDefault,
                Settings = template.Settings.Copy(), ChangedAt = template.ChangedAt,
            });
        }
    }

    private void New() => Edit(new RoomTemplate { Name = "" });

    private void Edit(RoomTemplate template)
    {
        _editing = template;
        _originalName = template.Name;
        _locks = [.. template.Settings.Locks];
        _error = null;
        _confirmDelete = false;
        _presetsUsing = [];
    }

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid || _editing is null)
        {
            _error = "Some fields need attention: see the messages next to them.";
            return;
        }
        _editing.Settings.Locks = [.. _locks];
        var editing = _editing;
        await WithActorAsync(async actor =>
        {
            _error = await Templates.SaveAsync(actor, editing);
            if (_error is null)
            {
                Snackbar.Add($"Template \"{editing.Name}\" saved.", Severity.Success);
                await ReloadAndSelectAsync(editing.Id);
            }
        });
    }

    private Task MakeDefaultAsync() => WithActorAsync(async actor =>
    {
        var editing = _editing!;
        _error = await Templates.SetDefaultAsync(actor, editing.Id);
        if (_error is null)
        {
            Snackbar.Add($"\"{editing.Name}\" is now the default template.", Severity.Success);
            await ReloadAndSelectAsync(editing.Id);
        }
    });

    private async Task DeleteAsync()
    {
        var editing = _editing!;
        if (!_confirmDelete)
        {
            _presetsUsing = await Templates.PresetsUsingAsync(editing.Id);
            _confirmDelete = true;
            return;
        }
        await WithActorAsync(async actor =>
        {
            _error = await Templates.DeleteAsync(actor, editing.Id);
            if (_error is null)
            {
                Snackbar.Add($"Template \"{editing.Name}\" deleted.", Severity.Success);
                _editing = null;
                _templates = await Templates.ListAsync();
            }
        });
    }

    private async Task ReloadAndSelectAsync(int id)
    {
        _templates = await Templates.ListAsync();
        Select(id);
    }

    private async Task WithActorAsync(Func<StaffActor, Task> action)
    {
        var actor = await Staff.GetActorAsync();
        if (actor is null)
        {
            _error = "Your account is signed out or disabled. Sign in again.";
            return;
        }
        try
        {
            await action(actor);
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = ex.Message;
        }
    }
}
