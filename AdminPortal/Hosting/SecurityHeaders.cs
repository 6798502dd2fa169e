namespace AdminPortal.Hosting;

/// <summary>Security headers on every response the portal sends: pages, invites, static files, downloads, 404s and errors.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the portal itself (no inline script, no eval). Styles allow inline because MudBlazor sets style attributes
    /// and writes its theme as a style element; images allow data: (QR codes) and https (avatars, logos). 'self' covers the circuit's WebSocket.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            // Endpoints that already chose a stricter policy (the invite pages send no-referrer) keep it.
            if (string.IsNullOrEmpty(headers["Referrer-Policy"]))
            {
                headers["Referrer-Policy"] = "same-origin";
            }
            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Kestrel does not announce itself: the version helps only an attacker.</summary>
    public static WebApplicationBuilder HideServerHeader(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }
}
