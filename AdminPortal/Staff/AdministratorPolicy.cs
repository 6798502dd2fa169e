using Microsoft.AspNetCore.Authorization;

namespace AdminPortal.Staff;

/// <summary>Met only by a staff member the database knows right now as an active Administrator (never trusts the cookie's role).</summary>
public sealed class AdministratorRequirement : IAuthorizationRequirement;

internal sealed class AdministratorRequirementHandler(StaffDirectory directory) : AuthorizationHandler<AdministratorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdministratorRequirement requirement)
    {
        if (await directory.FindActorAsync(context.User, "") is { IsAdministrator: true })
        {
            context.Succeed(requirement);
        }
    }
}
