using AdminPortal.PlugNmeet;

namespace AdminPortal.JoinLinks;

public sealed record JoinPreset(string Name, string Description, Action<JoinLinkForm> Apply);

/// <summary>One-click starting points for the two links staff issue most.</summary>
public static class JoinPresets
{
    public static readonly IReadOnlyList<JoinPreset> All =
    [
        new("Moderator invite", "Administrator in the room: can manage participants and end the meeting.", form =>
        {
            form.IsAdmin = true;
            form.IsHidden = false;
        }),
        new("Hidden observer", "Not an administrator, hidden from the participant list, every lock on.", form =>
        {
            form.IsAdmin = false;
            form.IsHidden = true;
            form.Locks.UnionWith(PlugNmeetLocks.All.Select(l => l.Key));
        }),
    ];
}
