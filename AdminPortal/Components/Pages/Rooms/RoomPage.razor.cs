using AdminPortal.Attendance;
using AdminPortal.JoinLinks;
using AdminPortal.Rooms;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminPortal.Components.Pages.Rooms;

public sealed partial class RoomPage
{
    private StaffActor? _actor;
    private bool _ending;
    private string? _ended;
    private string? _endError;
    private RoomHistory _history = RoomHistory.Empty;

    [Parameter] public string RoomId { get; set; } = "";

    [Inject] private StaffContext Staff { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private AttendanceService Attendance { get; set; } = default!;

    /// <summary>This page's address for a room id.</summary>
    public static string Href(string roomId) => "rooms/" + Uri.EscapeDataString(roomId);

    // Hidden from those who may not; the service refuses them as well.
    private bool MayEnd => _actor is not null && RoomsService.MayEnd(_actor.Role);

    /// <summary>The generator with this room filled in (and its title, when it has one).</summary>
    private string IssueLinkHref => "./?room=" + Uri.EscapeDataString(RoomId)
        + (Current is { } room && !string.IsNullOrWhiteSpace(room.Title) ? "&title=" + Uri.EscapeDataString(room.Title) : "");

    protected override async Task OnInitializedAsync()
    {
        _actor = await Staff.GetActorAsync(Disposed);
        await base.OnInitializedAsync();
    }

    /// <summary>Why the address's room id cannot be a plugNmeet room (nothing is asked then), or null.</summary>
    private string? InvalidRoomId => JoinLinkRules.RoomId(RoomId);

    /// <summary>The room from plugNmeet, then (one query) who let each person in and the room's sessions from the webhooks.</summary>
    protected override async Task<RunningRoom?> LoadAsync(CancellationToken cancellationToken)
    {
        if (InvalidRoomId is not null)
        {
            return null;
        }
        var room = await Rooms.GetAsync(RoomId, cancellationToken);
        _history = await Attendance.ForRoomConsoleAsync(RoomId, room?.Sid, cancellationToken);
        return room;
    }

    /// <summary>"invite #12 from maria@example.org", "direct link from …", or "not issued by the portal" (they got in another way).</summary>
    private string LetIn(string userId) => _history.Attendance.LetIn(userId)?.Describe() ?? "not issued by the portal";

    private async Task EndAsync(RunningRoom room)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"End room {room.Name}?",
            Message = EndQuestion(room),
            YesText = "End room",
            CancelText = "Keep it running",
        }, new DialogOptions { CloseOnEscapeKey = true });
        if (confirmed != true || Disposed.IsCancellationRequested)
        {
            return;
        }
        _ending = true;
        _endError = null;
        try
        {
            var actor = await Staff.GetActorAsync(Disposed);
            if (actor is null)
            {
                _endError = "Your account is signed out or disabled. Sign in again.";
                return;
            }
            var outcome = await Rooms.EndAsync(actor, RoomId, Disposed);
            if (outcome.Ended)
            {
                StopAutoRefresh(); // plugNmeet takes a few seconds to clean up: a refresh now would still list the room
                _ended = $"Room {room.Name} was ended: {RoomsService.People(outcome.Disconnected)} disconnected.";
            }
            else
            {
                _endError = outcome.Error;
            }
        }
        finally
        {
            _ending = false;
        }
    }

    /// <summary>The confirmation's question: which room, and how many people it disconnects.</summary>
    internal static string EndQuestion(RunningRoom room) => room.ParticipantCount == 0
        ? $"Room {room.RoomId} ends now. Nobody is in it."
        : $"Room {room.RoomId} ends now and {RoomsService.People(room.ParticipantCount)} in it {(room.ParticipantCount == 1 ? "is" : "are")} disconnected.";
}
