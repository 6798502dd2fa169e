using AdminPortal.JoinLinks;
using AdminPortal.Rooms;
using AdminPortal.Rooms.Templates;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Components.Pages.Generator;

/// <summary>
/// The generator's guardrails: as the room id settles, whether the room runs (and with how many people), whether it looks like a
/// typo of a running room, and whether the typed user id is in it now. A failed check only says so; it never blocks generating.
/// </summary>
public sealed partial class RoomGuard : IDisposable
{
    /// <summary>How long typing must pause before the room is looked up.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(400);

    /// <summary>How often a running room is looked at again while it stays typed, so someone who joins meanwhile is still warned about.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(10);

    private (string Room, string User, int? Preset) _key = ("", "", null);
    private CancellationTokenSource? _pending;
    private string? _shownRoom;
    private RoomCheck? _check;
    private string? _failure;
    private RoomTemplate? _template;

    [Inject] private RoomsService Rooms { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private RoomTemplateService Templates { get; set; } = default!;

    [Parameter] public string? RoomId { get; set; }
    [Parameter] public string? UserId { get; set; }

    /// <summary>The preset in use: its template (or the default one) is what a room that is not running will be started with.</summary>
    [Parameter] public int? PresetId { get; set; }

    /// <summary>Fills the suggested running room id into the form.</summary>
    [Parameter] public EventCallback<string> OnUseRoom { get; set; }

    /// <summary>Gives the participant a fresh user id (the generator's "Make unique ID").</summary>
    [Parameter] public EventCallback OnMakeUniqueId { get; set; }

    /// <summary>The person in the running room with the typed user id, if any.</summary>
    private RoomParticipant? OnlineParticipant => _check?.Room?.Participants.FirstOrDefault(p => p.UserId.Length > 0 && p.UserId == _key.User);

    private static string Participants(int count) => count == 1 ? "1 participant" : $"{count} participants";

    protected override void OnParametersSet()
    {
        var key = (RoomId?.Trim() ?? "", UserId?.Trim() ?? "", PresetId);
        if (key == _key)
        {
            return;
        }
        _key = key;
        // Cancelled, not disposed: the stale check may still be reading its token.
        _pending?.Cancel();
        _pending = null;
        // An id plugNmeet would refuse is not looked up: the field's own message says what is wrong.
        if (JoinLinkRules.RoomId(key.Item1) is not null)
        {
            return;
        }
        _pending = new CancellationTokenSource();
        _ = CheckAfterPauseAsync(key.Item1, key.Item3, _pending.Token);
    }

    /// <summary>
    /// Looks once typing has paused, then again every <see cref="Recheck"/> while the room runs and the same values stay typed.
    /// One getActiveRoomInfo per look; a room that is not running (or a failed look) is not watched.
    /// </summary>
    private async Task CheckAfterPauseAsync(string roomId, int? presetId, CancellationToken cancellationToken)
    {
        for (var pause = Debounce; ; pause = Recheck)
        {
            RoomCheck? check = null;
            RoomTemplate? template = null;
            string? failure = null;
            try
            {
                await Task.Delay(pause, Time, cancellationToken);
                check = await Rooms.CheckAsync(roomId, cancellationToken);
                if (check.Room is null)
                {
                    template = await Templates.ResolveAsync(presetId, cancellationToken);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return; // typing went on: a newer check replaces this one
            }
            catch (Exception ex)
            {
                // A guard that cannot look never stands in the way of generating; it says why it is silent.
                failure = ex is PlugNmeet.PlugNmeetException ? ex.Message : "the portal could not read its records.";
            }
            await InvokeAsync(() =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                (_shownRoom, _check, _template, _failure) = (roomId, check, template, failure);
                StateHasChanged();
            });
            if (check?.Room is null)
            {
                return;
            }
        }
    }

    /// <summary>What happens to a room that is not running: which template starts it, and whether its waiting room holds people back.</summary>
    internal static string NotRunningText(RoomTemplate template) =>
        $"Not running: it will be started with template “{template.Name}” when the link is generated or the invite is first used."
        + (template.Settings.WaitingRoom
            ? " Its waiting room is on: participants wait until a moderator is in the room and admits them (administrator links go straight in)."
            : "");

    public void Dispose() => _pending?.Cancel();
}
