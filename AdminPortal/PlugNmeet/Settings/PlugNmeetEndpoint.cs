namespace AdminPortal.PlugNmeet.Settings;

/// <summary>
/// One complete set of connection values a call is sent and signed with. <see cref="ServerUrl"/> is null for the built-in
/// sandbox (its address is the portal's own, known once it listens); <see cref="ClientUrl"/> is null there too.
/// </summary>
internal sealed record PlugNmeetEndpoint(bool UsesSandbox, Uri? ServerUrl, Uri? ClientUrl, string ApiKey, string ApiSecret, int TimeoutSeconds)
{
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    // A record prints every property; the secret must never reach a log line or a message through it.
    public override string ToString() => $"{(UsesSandbox ? "sandbox" : ServerUrl?.ToString())} (key {ApiKey}, timeout {TimeoutSeconds} s)";
}

/// <summary>Which connection fields the environment or configuration files set: those win over the saved settings and are shown read-only.</summary>
public sealed record PlugNmeetConfigured(bool ServerUrl, bool ClientUrl, bool ApiKey, bool ApiSecret, bool TimeoutSeconds)
{
    // Without a configured server, a configured key and secret are the sandbox's own (README), not the real server's.
    public static PlugNmeetConfigured From(PlugNmeetOptions options, IConfiguration configuration) => new(
        Set(options.ServerUrl), Set(options.ClientUrl), Set(options.ServerUrl) && Set(options.ApiKey), Set(options.ServerUrl) && Set(options.ApiSecret),
        // TimeoutSeconds has a default, so only the key's presence says whether configuration set it.
        configuration.GetSection(PlugNmeetOptions.SectionName)[nameof(PlugNmeetOptions.TimeoutSeconds)] is not null);

    internal static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);
}

/// <summary>Per field: configuration wins, else the saved settings, else the sandbox (or the default timeout).</summary>
internal static class PlugNmeetPrecedence
{
    public static PlugNmeetEndpoint Resolve(PlugNmeetOptions options, bool timeoutConfigured, PlugNmeetServerSettings? saved,
        string? savedSecret, (string Key, string Secret) sandbox)
    {
        var timeout = timeoutConfigured || saved is null ? options.TimeoutSeconds : saved.TimeoutSeconds;
        var server = Pick(options.ServerUrl, saved is { UseSandbox: false } ? saved.ServerUrl : null);
        if (server is null)
        {
            return new(true, null, null, sandbox.Key, sandbox.Secret, timeout);
        }
        var client = Pick(options.ClientUrl, saved?.ClientUrl) ?? server;
        // A configured key and secret are the real server's only when its address is configured too; else they are the sandbox's.
        var serverConfigured = PlugNmeetConfigured.Set(options.ServerUrl);
        return new(false, new Uri(server.Trim().TrimEnd('/')), new Uri(client.Trim()),
            Pick(serverConfigured ? options.ApiKey : null, saved?.ApiKey) ?? "",
            Pick(serverConfigured ? options.ApiSecret : null, savedSecret) ?? "", timeout);
    }

    private static string? Pick(string? configured, string? saved) =>
        PlugNmeetConfigured.Set(configured) ? configured : PlugNmeetConfigured.Set(saved) ? saved : null;
}
