using AdminPortal.JoinLinks;

namespace AdminPortal.Invites;

/// <summary>
/// The open-invite landing page's words for a name the shared rules refuse: the same checks as
/// <see cref="JoinLinkRules.DisplayName"/>, told to a visitor in plain words (no field labels, no Unicode ranges).
/// </summary>
internal static class VisitorNameWords
{
    public static string? Problem(string? name)
    {
        if (JoinLinkRules.DisplayName(name) is null)
        {
            return null;
        }
        return string.IsNullOrWhiteSpace(name) ? "Please type your name."
            : name.Length > JoinLinkRules.MaxNameLength
                ? $"Your name can be at most {JoinLinkRules.MaxNameLength} characters (you have {name.Length})."
            : TextChecks.IsInvisible(name) ? "Your name has no visible letters; please type a name people can read."
            : TextChecks.HasBidiControl(name) ? "Your name contains invisible text-direction characters; please retype it."
            : "This name cannot be used; please choose another.";
    }
}
