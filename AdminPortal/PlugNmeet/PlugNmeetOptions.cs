using Microsoft.Extensions.Options;

namespace AdminPortal.PlugNmeet;

/// <summary>Where the plugNmeet server is and how the portal authenticates to it.</summary>
public sealed class PlugNmeetOptions
{
    public const string SectionName = "PlugNmeet";

    /// <summary>Base URL of the plugNmeet server (without <c>/auth</c>). Empty: use the built-in sandbox.</summary>
    public string? ServerUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Shared HMAC secret. Only from environment variables or user-secrets, never a committed file.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Where participants open the conference client. Defaults to <see cref="ServerUrl"/>.</summary>
    public string? ClientUrl { get; set; }

    /// <summary>How long one call to plugNmeet may take before the portal gives up.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    public bool UsesSandbox => string.IsNullOrWhiteSpace(ServerUrl);
}

internal sealed class PlugNmeetOptionsValidator : IValidateOptions<PlugNmeetOptions>
{
    public ValidateOptionsResult Validate(string? name, PlugNmeetOptions options)
    {
        var errors = new List<string>();
        if (!options.UsesSandbox)
        {
            if (!IsHttpUrl(options.ServerUrl))
            {
                errors.Add("PlugNmeet:ServerUrl must be an absolute http:// or https:// URL, e.g. https://plugnmeet.example.com (leave it empty to use the built-in sandbox).");
            }
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                errors.Add("PlugNmeet:ApiKey is required when PlugNmeet:ServerUrl is set (environment variable PlugNmeet__ApiKey).");
            }
            if (string.IsNullOrWhiteSpace(options.ApiSecret))
            {
                errors.Add("PlugNmeet:ApiSecret is required when PlugNmeet:ServerUrl is set; supply it through the environment variable PlugNmeet__ApiSecret or user-secrets, never a committed file.");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.ClientUrl) && !IsHttpUrl(options.ClientUrl))
        {
            errors.Add("PlugNmeet:ClientUrl must be an absolute http:// or https:// URL, e.g. https://plugnmeet.example.com.");
        }
        if (ClientOverPlainHttp(options) is { } insecure)
        {
            errors.Add($"PlugNmeet:ClientUrl (or PlugNmeet:ServerUrl, which it defaults to) is {insecure}: the plugNmeet client refuses to run over http " +
                "unless the host is exactly localhost. Use https://, e.g. PlugNmeet__ClientUrl=https://meet.example.com.");
        }
        if (options.TimeoutSeconds is < 1 or > 300)
        {
            errors.Add("PlugNmeet:TimeoutSeconds must be between 1 and 300.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The effective client address when it is http on a host other than <c>localhost</c>; plugNmeet-client
    /// <c>src/components/app/helper.ts</c> refuses <c>location.protocol === 'http:'</c> unless <c>location.hostname === 'localhost'</c>
    /// (so 127.0.0.1 and ::1 are refused too). Sandbox links go to the portal itself, which shows what the client would receive.
    /// </summary>
    private static string? ClientOverPlainHttp(PlugNmeetOptions options)
    {
        if (options.UsesSandbox)
        {
            return null;
        }
        var client = string.IsNullOrWhiteSpace(options.ClientUrl) ? options.ServerUrl : options.ClientUrl;
        return Uri.TryCreate(client, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            && !string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
