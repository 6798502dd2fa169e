using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdminPortal.JoinLinks;

public static class UserIdGenerator
{
    /// <summary>
    /// A readable id that plugNmeet accepts and no one else holds: the name's ASCII letters and digits plus 8 random hex
    /// digits (two people with one id would knock each other out of the room).
    /// </summary>
    public static string Create(string? displayName)
    {
        var slug = new StringBuilder();
        foreach (var c in (displayName ?? "").Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
            if (slug.Length >= 24)
            {
                break;
            }
        }
        var stem = slug.ToString().Trim('-');
        return (stem.Length == 0 ? "guest" : stem) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }
}
