using AdminPortal.Email.Outbox;

namespace AdminPortal.Email;

/// <summary>Services for sending e-mail over SMTP and its settings page.</summary>
internal static class EmailHosting
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddSingleton<EmailSender>();
        services.AddSingleton<EmailSettingsService>();
        services.AddInvitationOutbox();
        return services;
    }
}
