namespace AdminPortal.Email;

/// <summary>
/// The invitation e-mail an Administrator edits on <c>/settings/email</c> (one row): a subject and a plain-text body with
/// placeholders ({name}, {room}, {valid_until}, {link}, {contact}, {organisation}). The HTML part is made from the same text,
/// so what staff write cannot inject markup.
/// </summary>
public sealed class InvitationTemplate
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 10_000;

    public int Id { get; set; }

    [System.ComponentModel.DataAnnotations.MaxLength(SubjectMaxLength)]
    public string Subject { get; set; } = "";

    [System.ComponentModel.DataAnnotations.MaxLength(BodyMaxLength)]
    public string Body { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>E-mail of the Administrator who saved it last.</summary>
    public string ChangedBy { get; set; } = "";
}
