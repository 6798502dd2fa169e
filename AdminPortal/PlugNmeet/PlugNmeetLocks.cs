namespace AdminPortal.PlugNmeet;

/// <param name="Key">The <c>lock_settings</c> field name.</param>
/// <param name="RoomDefault">What a room applies when the lock is left unset (plugNmeet locks screen sharing, whiteboard and notepad).</param>
public sealed record PlugNmeetLock(string Key, string Label, bool RoomDefault);

/// <summary>The ten per-user locks plugNmeet knows (contract §3.2), in the order staff see them.</summary>
public static class PlugNmeetLocks
{
    public static readonly IReadOnlyList<PlugNmeetLock> All =
    [
        new("lock_microphone", "Microphone", false),
        new("lock_webcam", "Webcam", false),
        new("lock_screen_sharing", "Screen sharing", true),
        new("lock_chat", "Chat", false),
        new("lock_chat_send_message", "Chat: send messages", false),
        new("lock_chat_file_share", "Chat: share files", false),
        new("lock_private_chat", "Private chat", false),
        new("lock_whiteboard", "Whiteboard", true),
        new("lock_shared_notepad", "Shared notepad", true),
        new("lock_reactions", "Reactions", false),
    ];

    public static string Label(string key) => All.FirstOrDefault(l => l.Key == key)?.Label ?? key;

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
