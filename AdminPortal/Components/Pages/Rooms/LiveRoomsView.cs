using AdminPortal.PlugNmeet;
using AdminPortal.Rooms;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Components.Pages.Rooms;

/// <summary>
/// A page that shows what plugNmeet reports now: loaded on open, on Refresh and every <see cref="Period"/> while the circuit lives.
/// A failed read keeps the last answer (shown greyed) next to the failure's message.
/// </summary>
public abstract class LiveRoomsView<T> : ComponentBase, IDisposable where T : class
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _disposed = new();

    protected LiveRoomsView() => Disposed = _disposed.Token;
    private ITimer? _timer;

    [Inject] protected RoomsService Rooms { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;

    /// <summary>The last answer; null before the first one, or when the thing shown does not exist (a room that is not running).</summary>
    protected T? Current { get; private set; }

    protected bool Loaded { get; private set; }

    protected bool Refreshing { get; private set; }

    /// <summary>Why the last refresh failed, in plugNmeet's client's words; null when it worked.</summary>
    protected string? Failure { get; private set; }

    // Taken once: reading Token from a disposed source throws, and a dialog may still be open when the page goes away.
    protected CancellationToken Disposed { get; }

    /// <summary>The greyed look of an answer that may be out of date (the last refresh failed).</summary>
    protected string StaleClass => Failure is not null ? "live-stale" : "";

    protected string Busy => Refreshing || Failure is not null ? "true" : "false";

    protected abstract Task<T?> LoadAsync(CancellationToken cancellationToken);

    protected override Task OnInitializedAsync() => RefreshAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        // Only an interactive render gets here: a prerendered page has no circuit to refresh.
        if (firstRender)
        {
            _timer = Time.CreateTimer(_ => _ = InvokeAsync(TickAsync), null, Period, Period);
        }
    }

    /// <summary>Stops the automatic refresh (e.g. once the room was ended); Refresh still works.</summary>
    protected void StopAutoRefresh()
    {
        _timer?.Dispose();
        _timer = null;
    }

    protected async Task RefreshAsync()
    {
        if (Refreshing || _disposed.IsCancellationRequested)
        {
            return;
        }
        Refreshing = true;
        try
        {
            Current = await LoadAsync(Disposed);
            Loaded = true;
            Failure = null;
        }
        catch (PlugNmeetException ex)
        {
            Failure = ex.Message;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was closed while plugNmeet answered.
        }
        finally
        {
            Refreshing = false;
        }
    }

    private async Task TickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        await RefreshAsync();
        StateHasChanged();
    }

    public void Dispose()
    {
        StopAutoRefresh();
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }
}
