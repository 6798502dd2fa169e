using System.ComponentModel.DataAnnotations;

namespace AdminPortal.Limits;

/// <summary>
/// One fixed-window counter in the shared database, so that every instance counts into the same window: the key names what is
/// counted and for whom (for example <c>invite-opens:192.0.2.7</c>).
/// </summary>
public sealed class RateWindow
{
    [MaxLength(RateCounting.MaxKeyLength)]
    public string Key { get; set; } = "";

    /// <summary>When the window started, in Unix milliseconds (UTC): a plain number both providers compare the same way.</summary>
    public long StartMs { get; set; }

    public int Count { get; set; }
}
