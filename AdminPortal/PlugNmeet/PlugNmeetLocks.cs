namespace AdminPortal.PlugNmeet;

/// <param name="Key">The <c>lock_settings</c> field name.</param>
/// <param name="Label">What is locked, as a noun ("Microphone"), for summaries and the audit trail.</param>
/// <param name="RoomDefault">What a room applies when the lock is left unset (plugNmeet locks screen sharing, whiteboard and notepad).</param>
/// <param name="SwitchLabel">The switch's label, worded as the restriction it turns on ("Microphone locked"), so "on" never reads as "microphone on".</param>
public sealed record PlugNmeetLock(string Key, string Label, bool RoomDefault, string SwitchLabel);

/// <summary>The ten per-user locks plugNmeet knows (contract §3.2), in the order staff see them.</summary>
public static class PlugNmeetLocks
{
    public static readonly IReadOnlyList<PlugNmeetLock> All =
    [
        new("lock_microphone", "Microphone", false, "Microphone locked"),
        new("lock_webcam", "Webcam", false, "Webcam locked"),
        new("lock_screen_sharing", "Screen sharing", true, "Screen sharing locked"),
        new("lock_chat", "Chat", false, "Chat locked"),
        new("lock_chat_send_message", "Chat: send messages", false, "Sending chat messages locked"),
        new("lock_chat_file_share", "Chat: share files", false, "Sharing files in chat locked"),
        new("lock_private_chat", "Private chat", false, "Private chat locked"),
        new("lock_whiteboard", "Whiteboard", true, "Whiteboard locked"),
        new("lock_shared_notepad", "Shared notepad", true, "Shared notepad locked"),
        new("lock_reactions", "Reactions", false, "Reactions locked"),
    ];

    public static string Label(string key) => All.FirstOrDefault(l => l.Key == key)?.Label ?? key;

    /// <summary>The locks a new form or preset starts with: the ones a plugNmeet room applies by default.</summary>
    public static List<string> RoomDefaultKeys() => All.Where(l => l.RoomDefault).Select(l => l.Key).ToList();

    /// <summary>The wire form: every lock set explicitly, so the participant gets exactly what staff chose.</summary>
    public static LockSettings ToSettings(IReadOnlySet<string> locked) => new()
    {
        LockMicrophone = locked.Contains("lock_microphone"),
        LockWebcam = locked.Contains("lock_webcam"),
        LockScreenSharing = locked.Contains("lock_screen_sharing"),
        LockChat = locked.Contains("lock_chat"),
        LockChatSendMessage = locked.Contains("lock_chat_send_message"),
        LockChatFileShare = locked.Contains("lock_chat_file_share"),
        LockPrivateChat = locked.Contains("lock_private_chat"),
        LockWhiteboard = locked.Contains("lock_whiteboard"),
        LockSharedNotepad = locked.Contains("lock_shared_notepad"),
        LockReactions = locked.Contains("lock_reactions"),
    };
}
