using System.Globalization;

namespace AdminPortal.Invites.Bulk;

/// <summary>
/// A plain address such as <c>name@example.org</c> (no display name, comments or quoted local part), which is what a
/// spreadsheet column holds. International addresses are accepted: the domain must convert to punycode.
/// </summary>
internal static class BulkEmail
{
    private const string LocalSymbols = "!#$%&'*+/=?^_`{|}~-";

    /// <summary>Null when the address is fine, else why not.</summary>
    public static string? Check(string address)
    {
        if (address.Length > 254)
        {
            return $"is longer than 254 characters ({address.Length}).";
        }
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return "is not an e-mail address such as name@example.org (one @, with a name before it and a domain after it).";
        }
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)
            || !local.All(c => c == '.' || char.IsLetterOrDigit(c) || LocalSymbols.Contains(c)))
        {
            return "has a part before the @ that mail servers do not accept (spaces, commas, brackets, quotes or dots in a row).";
        }
        return IsDomain(domain) ? null : $"has a domain (\"{domain}\") that is not a mail domain such as example.org.";
    }

    private static bool IsDomain(string domain)
    {
        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var labels = ascii.Split('.');
        return ascii.Length <= 253 && labels.Length >= 2 && !labels[^1].All(char.IsAsciiDigit)
            && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
