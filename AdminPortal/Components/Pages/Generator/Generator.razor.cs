using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AdminPortal.Components.Pages.Generator;

public sealed partial class Generator : IDisposable
{
    private readonly JoinLinkForm _model = new();
    private readonly CancellationTokenSource _disposed = new();
    private MudForm _form = default!;
    private MudTextField<string> _userIdField = default!;
    private bool _busy;
    private bool _invalid;
    private string? _error;
    private JoinLink? _link;
    private string? _linkFor;
    private bool _linkExpired;
    private bool _scrollToResult;
    private bool _locksOpen;
    private bool _designOpen;
    private int _issued;
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();

    [Inject] private JoinLinkService Links { get; set; } = default!;
    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private string? AvatarPreview => JoinLinkRules.NormalizedUrl(_model.AvatarUrl);

    private StaffActor? _actor;
    private IReadOnlyList<Preset> _presets = [];
    private bool _presetsOnly;

    [Inject] private PresetService Presets { get; set; } = default!;

    private bool NeedsReason => _model.IsAdmin || _model.IsHidden;

    private bool MayIssue(bool isAdmin, bool isHidden) => _actor is null || StaffRoles.MayIssue(_actor.Role, isAdmin, isHidden);

    private static string PresetId(Preset preset) => "preset-" + string.Concat(preset.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    /// <summary>A room id to start from (the rooms console's "Issue a link for this room": <c>/?room=…&amp;title=…</c>).</summary>
    [SupplyParameterFromQuery(Name = "room")] public string? RoomFromAddress { get; set; }

    /// <summary>That room's title, filled in with it.</summary>
    [SupplyParameterFromQuery(Name = "title")] public string? TitleFromAddress { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (!string.IsNullOrWhiteSpace(RoomFromAddress))
        {
            _model.RoomId = RoomFromAddress.Trim();
            _model.RoomTitle = TitleFromAddress?.Trim() ?? "";
        }
        _actor = await Staff.GetActorAsync(_disposed.Token);
        if (_actor is not null)
        {
            _presets = await Presets.ListForAsync(_actor, _disposed.Token);
            _presetsOnly = await Presets.IsPresetsOnlyAsync(_actor.Role, _disposed.Token);
        }
    }

    /// <summary>"Nothing set", "2 colours set", "1 colour, logo and custom CSS set": the one line shown for the Custom design section.</summary>
    private string DesignSummary
    {
        get
        {
            var set = CustomDesign.Keys.Where(k => !string.IsNullOrWhiteSpace(_model.Design.GetValueOrDefault(k.Key))).ToList();
            var colours = set.Count(k => k.Kind == CustomDesignKind.Color);
            var parts = new List<string>();
            if (colours > 0)
            {
                parts.Add(colours == 1 ? "1 colour" : $"{colours} colours");
            }
            // Addresses by name: "Logo URL" reads as "logo", "Custom CSS URL" as "custom CSS".
            parts.AddRange(set.Where(k => k.Kind == CustomDesignKind.Url).Select(k => k.Label.Replace(" URL", "", StringComparison.Ordinal)
                .ToLowerInvariant().Replace("css", "CSS", StringComparison.Ordinal)));
            return parts.Count switch
            {
                0 => "Nothing set",
                1 => parts[0] + " set",
                _ => string.Join(", ", parts[..^1]) + " and " + parts[^1] + " set",
            } is var text ? char.ToUpperInvariant(text[0]) + text[1..] : "";
        }
    }

    private string LockSummaryWithNames => _model.Locks.Count == 0
        ? "No locks on"
        : $"{Shared.LockSwitches.Summary(_model.Locks)}: " + string.Join(", ", PlugNmeet.PlugNmeetLocks.All.Where(l => _model.Locks.Contains(l.Key)).Select(l => l.Label.ToLowerInvariant()));

    // A callback from a section's fields: handling it re-renders this page, so the section's summary line follows the change.
    private static void SummaryChanged()
    {
    }

    private void ApplyPreset(Preset preset)
    {
        preset.ApplyTo(_model);
        _model.PresetId = preset.Id;
        // A section the preset sets something in opens, so what it changed is in view; the others stay as they were.
        _locksOpen |= !preset.IsAdmin && !_model.Locks.SetEquals(PlugNmeet.PlugNmeetLocks.RoomDefaultKeys());
        _designOpen |= preset.Design.Values.Any(v => !string.IsNullOrWhiteSpace(v));
        Snackbar.Add($"Preset applied: {preset.Name}", Severity.Info);
    }

    // The guard's "did you mean": the running room replaces the typed id.
    private void UseRoom(string roomId) => _model.RoomId = roomId;

    private async Task MakeUserIdAsync()
    {
        _model.UserId = UserIdGenerator.Create(_model.DisplayName);
        // Re-check only this field (clearing its old message); the rest of the form waits for Generate.
        await _userIdField.ValidateAsync();
    }

    private async Task GenerateAsync()
    {
        if (_busy)
        {
            return;
        }
        _error = null;
        _fieldErrors = new Dictionary<string, string>();
        _invalid = !await ValidateFormAsync();
        if (_invalid)
        {
            return;
        }

        _busy = true;
        try
        {
            var actor = await Staff.GetActorAsync(_disposed.Token);
            if (actor is null)
            {
                _link = null; // a failure must not leave the previous participant's link looking like the answer
                _error = "Your account is signed out or disabled. Sign in again.";
                return;
            }
            var outcome = await Links.GenerateAsync(_model, actor, new Uri(Navigation.BaseUri), _disposed.Token);
            if (outcome.Link is not null)
            {
                _link = outcome.Link;
                _linkExpired = false;
                _scrollToResult = true;
                _issued++;
                _linkFor = $"{_model.DisplayName.Trim()} ({_model.UserId}) in room {_model.RoomId.Trim()}";
            }
            else
            {
                _link = null;
                _invalid = outcome.FieldErrors.Count > 0;
                _fieldErrors = outcome.FieldErrors;
                _error = outcome.Error;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_scrollToResult)
        {
            _scrollToResult = false;
            // On a phone the result is below the whole form: bring the new link, Copy and QR into view.
            try
            {
                await JS.InvokeVoidAsync("adminPortal.scrollIntoView", "result");
            }
            catch (JSException)
            {
                // Scrolling is a convenience; the link is on the page either way.
            }
        }
    }

    // The "fields need attention" alert goes away as soon as the last field is fixed.
    private void FormValidityChanged(bool valid) => _invalid &= !valid;

    /// <summary>
    /// True when every field is fine. A valid form whose fields show no message is not validated field by field again: that
    /// re-renders every field and sends it over the circuit on each click, for nothing to show.
    /// </summary>
    private async Task<bool> ValidateFormAsync()
    {
        if (_form.IsValid && JoinLinkRules.Validate(_model).Count == 0)
        {
            return true;
        }
        await _form.ValidateAsync();
        return _form.IsValid && JoinLinkRules.Validate(_model).Count == 0;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private string ResultClass => _linkExpired ? "mt-4 result-expired" : _busy ? "mt-4 result-replacing" : "mt-4";
}
