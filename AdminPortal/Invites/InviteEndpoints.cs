using System.Threading.RateLimiting;
using AdminPortal.Components.Invites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

/// <summary><c>/j/{code}</c>: anonymous, rate-limited per client address, never cached, never sends a Referer onwards.</summary>
internal static class InviteEndpoints
{
    public const string RateLimitPolicy = "invite-opens";

    public static IServiceCollection AddInviteRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientPartition(context.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<InviteOptions>>().Value.OpensPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, _) =>
            {
                Private(rejected.HttpContext.Response);
                await Page(StatusCodes.Status429TooManyRequests, "Too many attempts",
                    "This address has opened too many invite links in a short time. Please wait a minute and try again.", null, problem: true)
                    .ExecuteAsync(rejected.HttpContext);
            };
        });

    /// <summary>One bucket per IPv4 address, and per IPv6 /64 (one household or office), so rotating IPv6 addresses gains nothing.</summary>
    internal static string ClientPartition(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    public static IEndpointRouteBuilder MapInvites(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(InviteService.CodePath.TrimEnd('/')).AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        group.MapGet("/{code}", (string code, HttpContext context, InviteService invites) => OpenAsync(code, null, context, invites));
        // No antiforgery: the form is anonymous and carries no session; the rate limit and use count guard it.
        group.MapPost("/{code}", (string code, [Microsoft.AspNetCore.Mvc.FromForm] string? name, HttpContext context, InviteService invites) =>
            OpenAsync(code, name ?? "", context, invites)).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> OpenAsync(string code, string? name, HttpContext context, InviteService invites)
    {
        Private(context.Response);
        var request = context.Request;
        var baseUri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        var opening = await invites.OpenAsync(code, name, context.Connection.RemoteIpAddress?.ToString() ?? "", baseUri, context.RequestAborted);
        if (opening.RedirectUrl is not null)
        {
            return TypedResults.Redirect(opening.RedirectUrl);
        }
        if (opening.Unknown)
        {
            // Nothing about why: unknown and mistyped codes look the same, which gives guessing nothing to learn.
            return Page(StatusCodes.Status404NotFound, "This invite link is not valid", "Check that you copied the whole link.", null, problem: true);
        }
        var settings = await invites.GetSettingsAsync(context.RequestAborted);
        var invite = opening.Invite!;
        var room = string.IsNullOrWhiteSpace(invite.RoomTitle) ? null : invite.RoomTitle;
        if (opening.Refusal is { } refusal)
        {
            var (title, message) = refusal switch
            {
                InviteStatus.Expired => ("This invite link has expired", $"It was valid until {invite.ValidUntil.UtcDateTime:d MMMM yyyy, HH:mm} UTC."),
                InviteStatus.NotYetValid => ("This invite link is not valid yet", $"It opens on {invite.ValidFrom.UtcDateTime:d MMMM yyyy, HH:mm} UTC."),
                InviteStatus.Revoked => ("This invite link has been withdrawn", "The person who sent it has cancelled it."),
                _ => ("This invite link has already been used", "It could only be used a limited number of times."),
            };
            // 403 for "not yet": the link will work later, so nothing should treat it as gone for good.
            var status = refusal == InviteStatus.NotYetValid ? StatusCodes.Status403Forbidden : StatusCodes.Status410Gone;
            return Page(status, title, message, settings.ContactText, problem: true, room);
        }
        if (opening.Error is not null)
        {
            return Page(StatusCodes.Status503ServiceUnavailable, "The meeting could not be opened", opening.Error, settings.ContactText, problem: true, room);
        }
        return new RazorComponentResult<InviteLanding>(new
        {
            Title = "Join the meeting",
            RoomTitle = room,
            Message = "Enter your name to join.",
            ShowNameForm = true,
            Name = name,
            opening.NameError,
        })
        { StatusCode = opening.NameError is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
    }

    private static RazorComponentResult<InviteLanding> Page(int status, string title, string message, string? contact, bool problem, string? room = null) =>
        new(new { Title = title, Message = message, ContactText = contact, IsProblem = problem, RoomTitle = room }) { StatusCode = status };

    /// <summary>Invite responses hold or lead to bearer tokens: never store them, never leak the code in a Referer.</summary>
    private static void Private(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
