using System.Text.RegularExpressions;

namespace AdminPortal.Email.Invitations;

/// <summary>The subject and body an invitation e-mail is written from (the saved template or the built-in default).</summary>
public sealed record InvitationTemplateText(string Subject, string Body);

/// <summary>
/// The placeholders an invitation template may use, the built-in default, and the checks a template must pass before it is
/// saved: known placeholders only (a typo such as {nme} would reach the invitee as it is) and {link} in the body.
/// </summary>
public static partial class InvitationTemplateRules
{
    public const string Link = "link";

    /// <summary>Every placeholder with what it becomes, in the order the editor explains them.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> Placeholders { get; } =
    [
        ("name", "the invited person's name (for an open invite: \"there\")"),
        ("room", "the room's title (or its id when it has none)"),
        ("valid_until", "when the link stops working, in UTC, e.g. 5 March 2026, 09:30 UTC"),
        (Link, "the invite link (/j/…); it opens a page with a Join button, so mail scanners cannot use it up"),
        ("contact", "the contact text from the invite settings"),
        ("organisation", "the organisation's name from the invite settings"),
    ];

    public static InvitationTemplateText Default { get; } = new(
        "Invitation to {room}",
        "Hello {name},\n\nyou are invited to {room}.\n\nJoin here: {link}\n\nThe link works until {valid_until}. " +
        "If it does not work: {contact}\n\n{organisation}");

    private static readonly HashSet<string> Known = Placeholders.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{([^{}\s]{1,40})\}")]
    public static partial Regex Placeholder();

    /// <summary>The placeholders in <paramref name="text"/> that are not known, e.g. ["{nme}"], each once.</summary>
    public static IReadOnlyList<string> Unknown(string text) => Placeholder().Matches(text)
        .Select(m => m.Groups[1].Value).Where(name => !Known.Contains(name)).Distinct().Select(name => "{" + name + "}").ToList();

    /// <summary>Problems by field (<c>Subject</c>, <c>Body</c>); empty when the template can be saved.</summary>
    public static Dictionary<string, string> Check(string subject, string body)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(subject))
        {
            problems["Subject"] = "Enter a subject.";
        }
        else if (subject.Length > Email.InvitationTemplate.SubjectMaxLength)
        {
            problems["Subject"] = $"The subject is longer than {Email.InvitationTemplate.SubjectMaxLength} characters.";
        }
        else if (subject.Contains('\n') || subject.Contains('\r'))
        {
            problems["Subject"] = "The subject must be one line.";
        }
        else if (Unknown(subject) is { Count: > 0 } unknownInSubject)
        {
            problems["Subject"] = UnknownMessage(unknownInSubject);
        }
        if (body.Length > Email.InvitationTemplate.BodyMaxLength)
        {
            problems["Body"] = $"The text is longer than {Email.InvitationTemplate.BodyMaxLength} characters.";
        }
        else if (Unknown(body) is { Count: > 0 } unknownInBody)
        {
            problems["Body"] = UnknownMessage(unknownInBody);
        }
        else if (!body.Contains("{" + Link + "}", StringComparison.Ordinal))
        {
            problems["Body"] = "The text must contain {link}: without it the invitation has no way in.";
        }
        return problems;
    }

    private static string UnknownMessage(IReadOnlyList<string> unknown) =>
        $"Unknown placeholder{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}: use only {string.Join(", ", Placeholders.Select(p => "{" + p.Name + "}"))}.";

    /// <summary>
    /// <paramref name="text"/> with each known placeholder replaced by <paramref name="value"/>(name) and the text between them by
    /// <paramref name="literal"/>(text), so the HTML part can encode what staff wrote and what the values hold.
    /// </summary>
    public static string Fill(string text, Func<string, string> value, Func<string, string> literal)
    {
        var result = new System.Text.StringBuilder();
        var at = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            if (!Known.Contains(match.Groups[1].Value))
            {
                continue;
            }
            result.Append(literal(text[at..match.Index])).Append(value(match.Groups[1].Value));
            at = match.Index + match.Length;
        }
        return result.Append(literal(text[at..])).ToString();
    }
}
