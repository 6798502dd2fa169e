namespace AdminPortal.Invites;

/// <summary>The steps of one invite use, in order.</summary>
internal enum InviteUseStep { AfterReserve, AfterToken, AtConfirm, AtRelease }

/// <summary>
/// Test hook: registered only by tests, it makes the process "die" at a step of an invite use, that is, that step and every
/// later one (including giving the use back) throw, as if the process had been killed there.
/// </summary>
internal sealed class InviteUseFaults
{
    public InviteUseStep? DieAt { get; set; }

    /// <summary>Runs first at every step, e.g. to let a lease run out in the middle of a use.</summary>
    public Action<InviteUseStep>? OnStep { get; set; }

    public void At(InviteUseStep step)
    {
        OnStep?.Invoke(step);
        if (DieAt is { } dieAt && step >= dieAt)
        {
            throw new InvalidOperationException($"Simulated crash at {step}.");
        }
    }
}
