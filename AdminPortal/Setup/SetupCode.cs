using System.ComponentModel.DataAnnotations;

namespace AdminPortal.Setup;

/// <summary>
/// The SHA-256 of one running instance's setup code. Every instance writes its own at start, so whichever instance the browser
/// reaches accepts the code from any instance's log; all of them are deleted when the first account exists.
/// </summary>
public sealed class SetupCode
{
    [MaxLength(64)]
    public string Hash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
