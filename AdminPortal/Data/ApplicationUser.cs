using Microsoft.AspNetCore.Identity;

namespace AdminPortal.Data;

public class ApplicationUser : IdentityUser
{
    /// <summary>How the staff member is named in lists and in the audit trail.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in or issue links; it is kept so the audit trail still names it.</summary>
    public bool IsDisabled { get; set; }
}
