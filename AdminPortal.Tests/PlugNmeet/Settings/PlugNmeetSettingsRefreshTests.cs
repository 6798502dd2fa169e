using AdminPortal.PlugNmeet.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Tests.PlugNmeet.Settings;

/// <summary>The settings refresh loop survives failures, a provider's own cancellation included; only shutdown ends it.</summary>
public sealed class PlugNmeetSettingsRefreshTests
{
    [Fact]
    public async Task A_cancellation_that_is_not_shutdown_keeps_the_loop_running()
    {
        using var stopping = new CancellationTokenSource();
        var calls = 0;
        Task Refresh(CancellationToken _)
        {
            calls++;
            if (calls == 1)
            {
                throw new TaskCanceledException("a database command timed out"); // not the host stopping
            }
            stopping.Cancel();
            return Task.CompletedTask;
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PlugNmeetSettingsRefresh.RunAsync(
            Refresh, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance, stopping.Token));
        Assert.Equal(2, calls);
    }
}
