using Microsoft.AspNetCore.Components.Authorization;

namespace AdminPortal.Staff;

/// <summary>
/// The staff member behind the current circuit. The client address is captured from the first HTTP request
/// (circuits have no HttpContext) and handed over by <c>Routes</c>.
/// </summary>
public sealed class StaffContext(AuthenticationStateProvider authentication, StaffDirectory directory)
{
    public string ClientIp { get; set; } = "";

    /// <summary>The signed-in, active staff member with their current role; null when signed out or disabled.</summary>
    public async Task<StaffActor?> GetActorAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await directory.FindActorAsync(state.User, ClientIp, cancellationToken);
    }
}
