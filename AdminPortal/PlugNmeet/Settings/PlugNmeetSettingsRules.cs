using System.Text.RegularExpressions;
using AdminPortal.JoinLinks;

namespace AdminPortal.PlugNmeet.Settings;

/// <summary>What an Administrator types on <c>/settings/plugnmeet</c>. <see cref="NewSecret"/> empty: keep the stored secret.</summary>
public sealed class PlugNmeetSettingsForm
{
    public bool UseSandbox { get; set; } = true;
    public string ServerUrl { get; set; } = "";
    public string ClientUrl { get; set; } = "";
    public string ApiKey { get; set; } = "";

    /// <summary>Write-only: a replacement secret, cleared after every save.</summary>
    public string NewSecret { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 15;
}

/// <summary>
/// Checks typed connection values with the same rules as configuration (<see cref="PlugNmeetOptionsValidator"/>), applied to what
/// would be in force (configured fields included), plus RFC 3986 addresses and lengths. Keys are the form's property names.
/// </summary>
internal static partial class PlugNmeetSettingsRules
{
    public const int MaxApiKeyLength = 200;
    public const int MaxSecretLength = 500;

    private static readonly (string Key, string Field, string Label)[] Fields =
    [
        ("PlugNmeet:ServerUrl", nameof(PlugNmeetSettingsForm.ServerUrl), "The server URL"),
        ("PlugNmeet:ClientUrl", nameof(PlugNmeetSettingsForm.ClientUrl), "The client URL"),
        ("PlugNmeet:ApiKey", nameof(PlugNmeetSettingsForm.ApiKey), "The API key"),
        ("PlugNmeet:ApiSecret", nameof(PlugNmeetSettingsForm.NewSecret), "A secret"),
        ("PlugNmeet:TimeoutSeconds", nameof(PlugNmeetSettingsForm.TimeoutSeconds), "The timeout"),
    ];

    /// <summary>The options that would be in force with <paramref name="form"/> saved: configured values win.</summary>
    public static PlugNmeetOptions Merge(PlugNmeetOptions configured, PlugNmeetConfigured set, PlugNmeetSettingsForm form, string? storedSecret) => new()
    {
        ServerUrl = set.ServerUrl ? configured.ServerUrl : form.UseSandbox ? null : form.ServerUrl.Trim(),
        ClientUrl = set.ClientUrl ? configured.ClientUrl : form.ClientUrl.Trim(),
        ApiKey = set.ApiKey ? configured.ApiKey : form.ApiKey.Trim(),
        ApiSecret = set.ApiSecret ? configured.ApiSecret : form.NewSecret.Length > 0 ? form.NewSecret : storedSecret,
        TimeoutSeconds = set.TimeoutSeconds ? configured.TimeoutSeconds : form.TimeoutSeconds,
    };

    /// <summary>Problems by form field (empty when the values may be saved or tested).</summary>
    public static Dictionary<string, string> Check(PlugNmeetOptions merged, PlugNmeetSettingsForm form)
    {
        var problems = new Dictionary<string, string>();
        foreach (var failure in new PlugNmeetOptionsValidator().Validate(null, merged).Failures ?? [])
        {
            var field = Fields.First(f => failure.StartsWith(f.Key, StringComparison.Ordinal)).Field;
            problems.TryAdd(field, ForPage(failure));
        }
        if (!merged.UsesSandbox)
        {
            AddUrlProblem(problems, nameof(PlugNmeetSettingsForm.ServerUrl), merged.ServerUrl);
            AddUrlProblem(problems, nameof(PlugNmeetSettingsForm.ClientUrl), merged.ClientUrl);
        }
        if (TextChecks.TooLong("The API key", merged.ApiKey, MaxApiKeyLength) is { } longKey)
        {
            problems.TryAdd(nameof(PlugNmeetSettingsForm.ApiKey), longKey);
        }
        // The key travels in an HTTP header: anything else fails there and would be reported as "unreachable".
        if (merged.ApiKey is { } key && !key.All(c => c is >= ' ' and <= '~'))
        {
            problems.TryAdd(nameof(PlugNmeetSettingsForm.ApiKey), "The API key may contain only printable ASCII characters (letters, digits, punctuation).");
        }
        if (TextChecks.TooLong("The secret", form.NewSecret, MaxSecretLength) is { } longSecret)
        {
            problems.TryAdd(nameof(PlugNmeetSettingsForm.NewSecret), longSecret);
        }
        return problems;
    }

    private static void AddUrlProblem(Dictionary<string, string> problems, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || problems.ContainsKey(field))
        {
            return;
        }
        var problem = TextChecks.TooLong("The address", value, PlugNmeetRules.MaxUrlLength) ?? StrictUri.Normalize(value).Problem;
        if (problem is null && StrictUri.Normalize(value).Value != value)
        {
            problem = "Write the address in ASCII: punycode for the host name, %-encoded UTF-8 elsewhere.";
        }
        if (problem is not null)
        {
            problems[field] = problem;
        }
    }

    /// <summary>The configuration message, worded for the page: field names instead of keys, no environment-variable hints.</summary>
    private static string ForPage(string failure)
    {
        var text = ConfigurationHints().Replace(failure, "");
        foreach (var (key, _, label) in Fields)
        {
            text = text.StartsWith(key, StringComparison.Ordinal) ? label + text[key.Length..] : text;
            text = text.Replace(key, label.Replace("The ", "the ", StringComparison.Ordinal));
        }
        return text;
    }

    [GeneratedRegex(@" \((environment variable|leave it empty)[^)]*\)|; supply it through[^.]*|, e\.g\. PlugNmeet__ClientUrl=[^ ]+(?=\.$)")]
    private static partial Regex ConfigurationHints();
}
