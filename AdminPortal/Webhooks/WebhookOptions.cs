namespace AdminPortal.Webhooks;

/// <summary>The <c>Webhooks</c> section: how many webhook requests one client address may send per minute.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>plugNmeet sends a handful of events per join and leave; a busy server stays far below the default per address.</summary>
    public int RequestsPerMinute { get; set; } = 1200;
}
