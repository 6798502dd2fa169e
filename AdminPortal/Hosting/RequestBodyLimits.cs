using Microsoft.AspNetCore.Http.Features;

namespace AdminPortal.Hosting;

/// <summary>
/// Caps request bodies on the anonymous endpoints that read them (sign-in, invites, the sandbox API) before anything reads them,
/// so a stranger cannot make the portal hold megabytes in memory.
/// </summary>
internal static class RequestBodyLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    private static readonly string[] LimitedPrefixes = ["/sandbox/auth", "/j", "/Account", "/setup", "/webhooks"];

    // Static pages whose POSTs are always forms; Blazor turns a POST there with no Content-Type at all into a 500.
    private static readonly string[] FormOnlyPrefixes = ["/Account", "/setup"];

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!LimitedPrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await TooLargeAsync(context);
            return;
        }
        if (HttpMethods.IsPost(context.Request.Method) && string.IsNullOrEmpty(context.Request.ContentType)
            && FormOnlyPrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            await AnswerAsync(context, StatusCodes.Status415UnsupportedMediaType, "Send the form as a web form.");
            return;
        }
        try
        {
            if (context.Request.ContentLength is null && context.Request.HasFormContentType)
            {
                // A chunked form has no length up front: read it here, where Kestrel stops at the cap, so no endpoint turns that into a 400.
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            await next(context);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context);
        }
        catch (Exception unreadable) when ((unreadable is InvalidDataException || (unreadable is IOException && context.Request.HasFormContentType))
            && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // A broken multipart body fails with an IOException wherever it is read first.
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "The form could not be read.");
        }
    });

    private static Task TooLargeAsync(HttpContext context) =>
        AnswerAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request is too large (at most {MaxBodyBytes / 1024} KB).");

    private static Task AnswerAsync(HttpContext context, int status, string message)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        // The rest of the body is never read, so the connection cannot be reused for another request.
        context.Response.Headers.Connection = "close";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }
}
