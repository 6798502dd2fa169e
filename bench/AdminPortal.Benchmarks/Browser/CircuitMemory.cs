using AdminPortal.Benchmarks.Portal;
using Microsoft.Playwright;

namespace AdminPortal.Benchmarks.Browser;

/// <summary>
/// Managed heap per open page: the portal's <c>/_bench/heap</c> (after a forced full, compacting collection) read before and
/// after opening pages in several signed-in browser contexts; (after − before) ÷ pages.
/// </summary>
internal sealed class CircuitMemory(BrowserBench browser, PortalClient portal)
{
    private const int PagesPerContext = 10;

    /// <summary>
    /// Opens idle generator pages up to each count in <paramref name="counts"/> (ascending, adding to the pages already open),
    /// and returns the heap per circuit at each count in bytes, with the circuits the portal counted.
    /// </summary>
    public async Task<List<(int Pages, double BytesPerPage, int Circuits)>> PerPageAsync(string path, IReadOnlyList<int> counts,
        Func<IPage, Task>? ready = null)
    {
        var baseline = await SettledAsync();
        var contexts = new List<IBrowserContext>();
        for (var i = 0; i < (counts[^1] + PagesPerContext - 1) / PagesPerContext; i++)
        {
            contexts.Add(await browser.NewContextAsync(signedIn: true));
        }
        var open = 0;
        var results = new List<(int, double, int)>();
        try
        {
            foreach (var count in counts)
            {
                while (open < count)
                {
                    // A few at a time: each page load and circuit start costs the portal CPU.
                    var batch = Math.Min(5, count - open);
                    await Task.WhenAll(Enumerable.Range(open, batch).Select(async i =>
                    {
                        var page = await BrowserBench.OpenInteractiveAsync(contexts[i / PagesPerContext], path);
                        if (ready is not null)
                        {
                            await ready(page);
                        }
                    }));
                    open += batch;
                }
                var after = await portal.HeapAsync();
                results.Add((count, (double)(after.HeapBytes - baseline.HeapBytes) / count, after.Circuits - baseline.Circuits));
            }
        }
        finally
        {
            // Leaving each page first lets Blazor send its disconnect beacon, so the circuit ends now instead of after its retention time.
            foreach (var context in contexts)
            {
                await Task.WhenAll(context.Pages.Select(page => page.GotoAsync("about:blank")));
                await context.CloseAsync();
            }
        }
        return results;
    }

    /// <summary>Waits (at most 20 s) until pages closed earlier have taken their circuits with them, then reads the heap.</summary>
    private async Task<HeapReading> SettledAsync()
    {
        var reading = await portal.HeapAsync();
        for (var i = 0; i < 20 && reading.Circuits > 0; i++)
        {
            await Task.Delay(1000);
            reading = await portal.HeapAsync();
        }
        return reading;
    }
}
