using AdminPortal.Components.Account;
using AdminPortal.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // Sign-out is a POST endpoint (with antiforgery) because the layout's button is a plain form.
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");
        accountGroup.MapPost("/Logout", async (HttpContext context, SignInManager<ApplicationUser> signInManager, IAntiforgery antiforgery) =>
        {
            if (await ReadSignOutFormAsync(context, antiforgery) is not { } form)
            {
                return Results.Text("The sign-out form was out of date. Go back, reload the page and sign out again.",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
            await signInManager.SignOutAsync();
            var appBase = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
            return Results.LocalRedirect("~/" + LocalReturnUrl.Resolve(form["ReturnUrl"], appBase));
        }).DisableAntiforgery();
        return accountGroup;
    }

    /// <summary>The sign-out form when its antiforgery token is valid; null when it is not or the body cannot be read as a form.</summary>
    private static async Task<IFormCollection?> ReadSignOutFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            // Checked by hand so a missing or stale token, or an unreadable body, is a plain 400, not a form-binding exception.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return null;
            }
            // A valid token can come in a header, with a body that is no form at all.
            return context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        }
        catch (Exception unreadable) when (unreadable is AntiforgeryValidationException or InvalidDataException
            or (IOException and not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }))
        {
            return null;
        }
    }
}
