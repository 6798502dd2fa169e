using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Benchmarks.Portal;

/// <summary>Process start to the first 200 of <c>/health/live</c>, on a database made by one unmeasured start before.</summary>
internal static class ColdStart
{
    public static async Task<List<double>> MeasureAsync(string dll, string dataFolder, StubPlugNmeet stub, int starts)
    {
        var times = new List<double>();
        for (var i = 0; i <= starts; i++)
        {
            await using var portal = new PortalProcess(dll, dataFolder, stub);
            await portal.StartAsync();
            if (i > 0)
            {
                times.Add(portal.StartTime.TotalMilliseconds);
            }
        }
        return times;
    }
}
