using AdminPortal.PlugNmeet;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

public sealed class InviteOptions
{
    public const string SectionName = "Invites";

    /// <summary>The portal's public address for invite links, e.g. https://portal.example.com. Empty: the address the request came in on.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Opens of /j/ links allowed per client address and minute.</summary>
    public int OpensPerMinute { get; set; } = 120;

    /// <summary>
    /// How long a use stays reserved while its token is fetched before it is given back. Empty: three plugNmeet calls
    /// (room check, room creation, token) at their timeout, plus 15 seconds.
    /// </summary>
    public int? UseLeaseSeconds { get; set; }

    public const int DefaultUseLeaseSeconds = 3 * 15 + 15;

    public TimeSpan UseLease => TimeSpan.FromSeconds(UseLeaseSeconds ?? DefaultUseLeaseSeconds);

    /// <summary>The portal's public address without a trailing slash: <see cref="PublicBaseUrl"/>, else the one the request came in on.</summary>
    public string BaseUrlFor(Uri requestBaseUri) => (string.IsNullOrWhiteSpace(PublicBaseUrl)
        ? requestBaseUri.GetLeftPart(UriPartial.Authority) + requestBaseUri.AbsolutePath : PublicBaseUrl).TrimEnd('/');
}

/// <summary>Invite services: options checked at start, the service and the sweep of unconfirmed uses (the /j/ rate limit is on its endpoints).</summary>
internal static class InviteRegistration
{
    public static IServiceCollection AddInvites(this IServiceCollection services)
    {
        services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.SectionName)
            .PostConfigure<IOptions<PlugNmeetOptions>>((invites, plugNmeet) =>
                invites.UseLeaseSeconds ??= 3 * plugNmeet.Value.TimeoutSeconds + 15)
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "Invites:PublicBaseUrl must be an absolute URL such as https://portal.example.com.")
            .Validate(o => o.OpensPerMinute > 0, "Invites:OpensPerMinute must be at least 1.")
            .Validate(o => o.UseLeaseSeconds is >= 1 and <= 3600, "Invites:UseLeaseSeconds must be between 1 and 3600.")
            .ValidateOnStart();
        services.AddSingleton<InviteCodes>();
        services.AddScoped<InviteService>();
        services.AddSingleton<InviteJoinAttempts>();
        services.AddHostedService<InviteLeaseSweeper>();
        return services;
    }
}
