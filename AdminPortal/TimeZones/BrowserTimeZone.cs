using Microsoft.JSInterop;

namespace AdminPortal.TimeZones;

/// <summary>
/// The viewer's time zone, as the browser reports it (<c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>). Scoped, so it is
/// learned once per circuit; until then (while prerendering, before the first interactive render, or when the browser names a zone
/// this server does not know) <see cref="Zone"/> is null and times are shown in UTC, labelled "UTC".
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    /// <summary>The JavaScript module that asks the browser; collocated with the component that shows times.</summary>
    public const string ModulePath = "./Components/Shared/LocalTime.razor.js";

    private Task<TimeZoneInfo?>? _lookup;

    /// <summary>The browser's zone once <see cref="ResolveAsync"/> has learned it; null before (show UTC then).</summary>
    public TimeZoneInfo? Zone { get; private set; }

    /// <summary>
    /// Whether local times differ from UTC at some point of the year. A browser in UTC (or an unknown zone) gets one UTC time,
    /// not the same time twice.
    /// </summary>
    public bool DiffersFromUtc => Zone is { } zone && (zone.BaseUtcOffset != TimeSpan.Zero || zone.SupportsDaylightSavingTime);

    /// <summary>What to call the zone times are shown in: its IANA name (e.g. "America/New_York"), or "UTC" while it is unknown.</summary>
    public string Name => Zone?.Id ?? "UTC";

    /// <summary>
    /// Asks the browser for its zone, once per circuit; later calls return the same answer. Call it from
    /// <c>OnAfterRenderAsync</c>: JavaScript cannot be reached while prerendering. Returns null when the browser could not be asked
    /// or names a zone this server does not know.
    /// </summary>
    public Task<TimeZoneInfo?> ResolveAsync() => _lookup ??= LookUpAsync();

    /// <summary><paramref name="utc"/> in the viewer's zone, or in UTC while the zone is unknown.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset utc) => Zone is { } zone ? TimeZoneInfo.ConvertTime(utc, zone) : utc.ToUniversalTime();

    /// <summary>
    /// The instant the viewer's calendar day <paramref name="day"/> begins, for filters where people type dates. Where a
    /// daylight-saving change skips midnight, the day begins at the first local time that exists.
    /// </summary>
    public DateTimeOffset StartOfDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (Zone is not { } zone)
        {
            return new DateTimeOffset(midnight, TimeSpan.Zero);
        }
        var start = midnight;
        while (zone.IsInvalidTime(start))
        {
            start = start.AddMinutes(15);
        }
        return new DateTimeOffset(start, zone.GetUtcOffset(start)).ToUniversalTime();
    }

    private async Task<TimeZoneInfo?> LookUpAsync()
    {
        string? id;
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            id = await module.InvokeAsync<string?>("timeZone");
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or OperationCanceledException)
        {
            return null; // no circuit, or a browser that cannot say: times stay in UTC, labelled as such
        }
        Zone = !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
        return Zone;
    }
}
