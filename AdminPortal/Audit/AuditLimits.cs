namespace AdminPortal.Audit;

/// <summary>
/// The longest text each audit field keeps. Anonymous visitors can put text into the trail (a failed sign-in stores the typed
/// e-mail), so every field is bounded; a cut value ends with "…" so a reader sees it was cut.
/// </summary>
public static class AuditLimits
{
    public const int Email = 256;
    public const int Name = 100;
    public const int Identifier = 256;
    public const int Reason = 500;
    public const int Detail = 2000;

    /// <summary>Cuts every field of <paramref name="entry"/> to its limit.</summary>
    public static void Apply(AuditEntry entry)
    {
        entry.Kind = Cut(entry.Kind, 64)!;
        entry.Actor = Cut(entry.Actor, Email)!;
        entry.ActorRole = Cut(entry.ActorRole, Name)!;
        entry.ClientIp = Cut(entry.ClientIp, Name)!;
        entry.RoomId = Cut(entry.RoomId, Identifier);
        entry.DisplayName = Cut(entry.DisplayName, Name);
        entry.UserId = Cut(entry.UserId, Identifier);
        entry.Locks = Cut(entry.Locks, Detail);
        entry.Design = Cut(entry.Design, Detail);
        entry.Preset = Cut(entry.Preset, Name);
        entry.Reason = Cut(entry.Reason, Reason);
        entry.Outcome = Cut(entry.Outcome, 32)!;
        entry.Detail = Cut(entry.Detail, Detail);
        entry.TokenSha256 = Cut(entry.TokenSha256, 64);
    }

    /// <summary><paramref name="value"/> if it fits, else its first <paramref name="limit"/> - 1 characters and "…".</summary>
    public static string? Cut(string? value, int limit)
    {
        if (value is null || value.Length <= limit)
        {
            return value;
        }
        var keep = limit - 1;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--; // never split a character such as an emoji in two
        }
        return string.Concat(value.AsSpan(0, keep), "…");
    }
}
