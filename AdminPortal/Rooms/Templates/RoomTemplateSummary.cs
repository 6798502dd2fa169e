using AdminPortal.PlugNmeet;

namespace AdminPortal.Rooms.Templates;

/// <summary>A template in words, line by line, for the audit trail ("what changed") and the template list.</summary>
public static class RoomTemplateSummary
{
    public sealed record Line(string Label, string Value);

    public static IReadOnlyList<Line> Lines(RoomTemplate template)
    {
        var s = template.Settings;
        return
        [
            new("name", template.Name),
            new("description", Text(template.Description)),
            new("default", YesNo(template.IsDefault)),
            new("waiting room", YesNo(s.WaitingRoom)),
            new("waiting room message", Text(s.WaitingRoomMessage)),
            new("mute on start", YesNo(s.MuteOnStart)),
            new("webcams for administrators only", YesNo(s.AdminOnlyWebcams)),
            new("raise hand", YesNo(s.AllowRaiseHand)),
            new("reactions", YesNo(s.AllowReactions)),
            new("virtual background", YesNo(s.AllowVirtualBackground)),
            new("end-to-end encryption", s.EndToEndEncryption
                ? "yes" + (s.EncryptChat ? ", chat" : "") + (s.EncryptWhiteboard ? ", whiteboard" : "") : "no"),
            new("locks", $"[{string.Join(", ", PlugNmeetLocks.All.Where(l => s.Locks.Contains(l.Key)).Select(l => l.Key))}]"),
            new("welcome message", Text(s.WelcomeMessage)),
            new("max participants", s.MaxParticipants?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "server default"),
            new("empty timeout", s.EmptyTimeoutMinutes is { } t ? $"{t} min" : "server default"),
            new("duration", s.RoomDurationMinutes is { } d ? $"{d} min" : "no limit"),
            new("logout URL", Text(s.LogoutUrl)),
            new("webhook URL", Text(s.WebhookUrl)),
        ];
    }

    /// <summary>"mute on start no → yes, welcome message none → \"Hi\"": the lines that differ, or "no changes".</summary>
    public static string Changes(IReadOnlyList<Line> before, IReadOnlyList<Line> after)
    {
        var changed = after.Where(a => before.FirstOrDefault(b => b.Label == a.Label)?.Value != a.Value)
            .Select(a => $"{a.Label} {before.FirstOrDefault(b => b.Label == a.Label)?.Value ?? "none"} → {a.Value}")
            .ToList();
        return changed.Count == 0 ? "no changes" : string.Join(", ", changed);
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    // Long messages are shortened so one change cannot push the others out of the audit entry's detail.
    private static string Text(string value) =>
        string.IsNullOrWhiteSpace(value) ? "none" : $"\"{(value.Trim() is { Length: > 80 } longText ? longText[..79] + "…" : value.Trim())}\"";
}
