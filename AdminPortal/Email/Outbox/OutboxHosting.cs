using Microsoft.Extensions.Options;

namespace AdminPortal.Email.Outbox;

/// <summary>How the invitation outbox polls, how long a claim holds, and how often a temporary failure is retried.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Email:Outbox";

    /// <summary>How often each instance looks for due messages (queueing on this instance also wakes it at once).</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>How long a claimed message stays with its instance; after that (the instance died) another takes it over.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Waits after the 1st, 2nd, … temporary failure; after the last one the message is given up (Failed).</summary>
    public int[] RetryMinutes { get; set; } = [1, 5, 15, 60];

    /// <summary>How many messages one pass claims.</summary>
    public int BatchSize { get; set; } = 20;

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>Attempts in all before a message is given up.</summary>
    public int MaxAttempts => RetryMinutes.Length + 1;
}

/// <summary>Wakes this instance's sender at once when something is queued here (other instances find it at their next poll).</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    /// <summary>Waits until <see cref="Wake"/> or the end of <paramref name="interval"/> on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.WaitAsync(either.Token);
        var elapsed = Task.Delay(interval, time, either.Token);
        await Task.WhenAny(woken, elapsed);
        await either.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>The invitation template, the outbox and its background sender.</summary>
internal static class OutboxHosting
{
    public static IServiceCollection AddInvitationOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName)
            .Validate(o => o.PollSeconds is >= 1 and <= 3600, "Email:Outbox:PollSeconds must be between 1 and 3600.")
            .Validate(o => o.LeaseSeconds is >= 10 and <= 3600, "Email:Outbox:LeaseSeconds must be between 10 and 3600.")
            .Validate(o => o.RetryMinutes.All(m => m is >= 0 and <= 1440), "Email:Outbox:RetryMinutes must each be 0–1440.")
            .ValidateOnStart();
        services.AddSingleton<Invitations.InvitationTemplateService>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<InvitationOutbox>();
        services.AddHostedService<OutboxSender>();
        return services;
    }
}
