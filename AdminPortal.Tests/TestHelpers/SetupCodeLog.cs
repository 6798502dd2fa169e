using System.Text.RegularExpressions;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>Reads the one-time setup code the portal writes to its log at start, as an operator would read it off the console.</summary>
public static partial class SetupCodeLog
{
    public static string SetupCode(this PortalFactory portal)
    {
        _ = portal.BaseUrl; // the code is written when the host starts
        var line = Assert.Single(portal.Logs.Lines, l => l.Contains("one-time setup code", StringComparison.Ordinal));
        return Code().Match(line).Value;
    }

    [GeneratedRegex("[A-Z2-9]{5}(-[A-Z2-9]{5}){3}")]
    private static partial Regex Code();
}
