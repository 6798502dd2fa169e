using System.Security.Cryptography;
using System.Text;

namespace AdminPortal.PlugNmeet;

/// <summary>The <c>HASH-SIGNATURE</c> header: lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8 bytes.</summary>
public static class PlugNmeetSignature
{
    public static string Compute(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Byte-for-byte, constant-time comparison, as plugNmeet does (so uppercase hex fails).</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(body, secret)), Encoding.UTF8.GetBytes(signature));
}
