using AdminPortal.Components.Invites;
using AdminPortal.Limits;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

/// <summary><c>/j/{code}</c>: anonymous, rate-limited per client address, never cached, never sends a Referer onwards.</summary>
internal static class InviteEndpoints
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Counts every request to <c>/j/</c> against the client's address for a minute (<see cref="ClientAddresses.Partition"/>); past
    /// <see cref="InviteOptions.OpensPerMinute"/> it answers 429 with the seconds left. The counter is shared by all instances on
    /// PostgreSQL, so a client cannot multiply its budget by reaching several of them.
    /// </summary>
    private static async ValueTask<object?> LimitOpensAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var services = context.RequestServices;
        var window = await services.GetRequiredService<IRateCounter>()
            .HitAsync("invite-opens:" + ClientAddresses.Partition(context.Connection.RemoteIpAddress), RateWindow, context.RequestAborted);
        if (window.Count <= services.GetRequiredService<IOptions<InviteOptions>>().Value.OpensPerMinute)
        {
            return await next(invocation);
        }
        services.GetRequiredService<InviteMetrics>().RateLimited();
        Private(context.Response);
        var seconds = (int)Math.Ceiling(window.LeftAt(services.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds);
        return new RetryLater(Page(StatusCodes.Status429TooManyRequests, "Too many attempts",
            "This address has opened too many invite links in a short time. Please wait a minute and try again.", null, problem: true),
            seconds);
    }

    public static IEndpointRouteBuilder MapInvites(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(InviteService.CodePath.TrimEnd('/')).AllowAnonymous().AddEndpointFilter(LimitOpensAsync);
        // GET and HEAD only show the landing page: link scanners that pre-fetch it neither use the invite nor start the room.
        group.MapMethods("/{code}", [HttpMethods.Get, HttpMethods.Head], ViewAsync);
        // The antiforgery middleware checks the token the landing page carries; JoinAsync answers a bad one with a page.
        group.MapPost("/{code}", JoinAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }

    private static async Task<IResult> ViewAsync(string code, HttpContext context, InviteService invites)
    {
        Private(context.Response);
        var opening = await invites.ViewAsync(code, context.RequestAborted);
        return await PageForAsync(opening, null, invites, context.RequestAborted);
    }

    private static async Task<IResult> JoinAsync(string code, HttpContext context, InviteService invites)
    {
        Private(context.Response);
        // The landing page always posts a form; anything else (JSON, no body, a broken form) did not come from it.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true } || !context.Request.HasFormContentType)
        {
            return OpenAgain(await invites.GetSettingsAsync(context.RequestAborted));
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        // A broken or cut-off form (BadHttpRequestException is an IOException); too large stays 413 for the body-limit middleware.
        catch (Exception ex) when (ex is InvalidDataException || ex is IOException and not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return OpenAgain(await invites.GetSettingsAsync(context.RequestAborted));
        }
        var request = context.Request;
        var baseUri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        var opening = await invites.UseAsync(code, form["name"].ToString(), context.Connection.RemoteIpAddress?.ToString() ?? "", baseUri,
            form[InviteJoinAttempts.FieldName].ToString());
        if (opening.RedirectUrl is not null)
        {
            // 303 See Other: the answer to a form post, followed with a GET.
            context.Response.Headers.Location = opening.RedirectUrl;
            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
        }
        return await PageForAsync(opening, form["name"].ToString(), invites, context.RequestAborted);
    }

    private static RazorComponentResult<InviteLanding> OpenAgain(InviteSettings brand) => Page(StatusCodes.Status400BadRequest, "Please open the invite link again",
        "This page was open too long or came from somewhere else, so joining did not start. Open the invite link again and press Join.",
        null, problem: true, brand: brand);

    private static async Task<IResult> PageForAsync(InviteOpening opening, string? name, InviteService invites, CancellationToken cancellationToken)
    {
        var settings = await invites.GetSettingsAsync(cancellationToken);
        if (opening.Unknown)
        {
            // Nothing about why: unknown and mistyped codes look the same, which gives guessing nothing to learn.
            return Page(StatusCodes.Status404NotFound, "This invite link is not valid", "Check that you copied the whole link.", null, problem: true, brand: settings);
        }
        var invite = opening.Invite!;
        var room = string.IsNullOrWhiteSpace(invite.RoomTitle) ? invite.RoomId : invite.RoomTitle;
        if (opening.BusyFor is { } busy)
        {
            // Another press of Join holds the last use right now: it is not used up yet, and may never be.
            return new RetryLater(Page(StatusCodes.Status503ServiceUnavailable, "This invite is being opened right now",
                "This invite is being opened right now. Please try again in a moment.", settings.ContactText, problem: true, room, settings),
                InviteService.Seconds(busy));
        }
        if (opening.Refusal is { } refusal)
        {
            // Times end the sentence, so the page can show them in the visitor's own time zone (UTC without script).
            var (title, message, at) = refusal switch
            {
                InviteStatus.Expired => ("This invite link has expired", "It was valid until", invite.ValidUntil),
                InviteStatus.NotYetValid => ("This invite link is not valid yet", "It opens on", invite.ValidFrom),
                InviteStatus.Revoked => ("This invite link has been withdrawn", "The person who sent it has cancelled it.", (DateTimeOffset?)null),
                _ => ("This invite link has already been used", "It could only be used a limited number of times.", null),
            };
            // 403 for "not yet": the link will work later, so nothing should treat it as gone for good.
            var status = refusal == InviteStatus.NotYetValid ? StatusCodes.Status403Forbidden : StatusCodes.Status410Gone;
            var page = Page(status, title, message, settings.ContactText, problem: true, room, settings);
            return at is null ? page : new RazorComponentResult<InviteLanding>(page.Parameters.Append(new(nameof(InviteLanding.MessageAt), at))
                .ToDictionary(p => p.Key, p => p.Value)) { StatusCode = status };
        }
        if (opening.ServerRefused)
        {
            // The conference server said no to these settings or this person: trying again will not help, asking someone will.
            return Page(StatusCodes.Status409Conflict, "This invite cannot be used as it is",
                "The conference server did not accept it. Please contact the person who invited you.", settings.ContactText, problem: true, room, settings);
        }
        if (opening.Misconfigured)
        {
            return Page(StatusCodes.Status503ServiceUnavailable, "The meeting could not be opened",
                "The conference server is not set up to accept this portal's invites. Please tell the person who invited you.", settings.ContactText,
                problem: true, room, settings);
        }
        if (opening.Outage is not null)
        {
            return new RetryLater(Page(StatusCodes.Status503ServiceUnavailable, "The meeting could not be opened", opening.Outage, settings.ContactText,
                problem: true, room, settings), 60);
        }
        return new RazorComponentResult<InviteLanding>(new
        {
            Title = "Join the meeting",
            RoomTitle = room,
            ForName = invite.Kind == InviteKind.Personal ? invite.DisplayName : null,
            ValidUntil = invite.ValidUntil,
            WorksOnce = invite.MaxUses == 1,
            ShowJoin = true,
            ShowNameForm = invite.Kind == InviteKind.Open,
            Nonce = InviteJoinAttempts.NewNonce(),
            Name = name,
            opening.NameError,
            settings.OrganisationName,
            settings.LogoUrl,
        })
        { StatusCode = opening.NameError is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
    }

    /// <param name="brand">The settings whose organisation name and logo head the page; null only where reading them would defeat the point (429).</param>
    private static RazorComponentResult<InviteLanding> Page(int status, string title, string message, string? contact, bool problem, string? room = null,
        InviteSettings? brand = null) =>
        new(new
        {
            Title = title, Message = message, ContactText = contact, IsProblem = problem, RoomTitle = room,
            brand?.OrganisationName, brand?.LogoUrl,
        }) { StatusCode = status };

    /// <summary>A page with <c>Retry-After</c>, for answers that say "try again later".</summary>
    private sealed class RetryLater(IResult page, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return page.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Invite responses hold or lead to bearer tokens: never store them, never leak the code in a Referer.</summary>
    private static void Private(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
