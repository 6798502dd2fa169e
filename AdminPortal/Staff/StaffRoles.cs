namespace AdminPortal.Staff;

/// <summary>The three staff roles and what each may issue.</summary>
public static class StaffRoles
{
    public const string Administrator = "Administrator";
    public const string Moderator = "Moderator";
    public const string Helpdesk = "Helpdesk";

    public static readonly IReadOnlyList<string> All = [Administrator, Moderator, Helpdesk];

    /// <summary>Where the add-staff form starts every time, so nobody becomes an Administrator by a leftover choice.</summary>
    public const string LeastPrivileged = Helpdesk;

    /// <summary>
    /// Administrators issue anything; Moderators administrator and participant links, never hidden ones;
    /// Helpdesk hidden observer and participant links, never administrator ones.
    /// </summary>
    public static bool MayIssue(string role, bool isAdmin, bool isHidden) => role switch
    {
        Administrator => true,
        Moderator => !isHidden,
        Helpdesk => !isAdmin,
        _ => false,
    };

    public static string Describe(string role) => role switch
    {
        Administrator => "Everything, including staff accounts, presets and the audit log.",
        Moderator => "Administrator (moderator) links and participant links; not hidden links.",
        Helpdesk => "Hidden observer links and participant links; not administrator links.",
        _ => "",
    };
}
