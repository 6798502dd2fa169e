using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

/// <summary>A fresh invite code, its SHA-256 (what the database looks it up by) and the code sealed with Data Protection.</summary>
public sealed record MintedCode(string Code, string Hash, string Sealed);

/// <summary>
/// Makes invite codes and turns codes, or sealed codes read back from the database, into public <c>/j/</c> URLs. Shared by
/// single invites, bulk batches and invitation e-mails, so a code is made and sealed one way only.
/// </summary>
public sealed class InviteCodes(IDataProtectionProvider protection, IOptions<InviteOptions> options)
{
    private readonly IDataProtector _sealer = protection.CreateProtector("AdminPortal.Invites.Code");

    /// <summary>128 random bits, URL-safe, with its hash and sealed form.</summary>
    public MintedCode Mint()
    {
        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return new(code, Hash(code), _sealer.Protect(code));
    }

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>The public URL of <paramref name="code"/>: <c>Invites:PublicBaseUrl</c> (or the request's base) + <c>/j/</c> + code.</summary>
    public string UrlFor(string code, Uri requestBaseUri) => options.Value.BaseUrlFor(requestBaseUri) + InviteService.CodePath + code;

    /// <summary>The URL of an invite read from the database, or null when the keys that sealed its code are gone (e.g. a new server).</summary>
    public string? TryUrlFor(Invite invite, Uri requestBaseUri)
    {
        try
        {
            return UrlFor(_sealer.Unprotect(invite.SealedCode), requestBaseUri);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
