using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace AdminPortal.PlugNmeet;

/// <summary>The result of <see cref="StrictUri.Normalize"/>: the form to send, or what to change.</summary>
public sealed record StrictUriResult(string? Value, string? Problem);

/// <summary>
/// RFC 3986 <c>URI</c> as protovalidate's <c>string.uri</c> rule accepts it (plugNmeet checks <c>profile_pic</c> with it),
/// plus the normalisation that makes a typed address acceptable: IDN host to punycode, other non-ASCII to UTF-8 %XX.
/// </summary>
public static class StrictUri
{
    private const string SubDelims = "!$&'()*+,;=";

    /// <summary>Normalises what can be normalised and checks the rest; <see cref="StrictUriResult.Problem"/> says what to change.</summary>
    public static StrictUriResult Normalize(string value)
    {
        string normalized;
        try
        {
            normalized = ToAscii(value);
        }
        catch (ArgumentException)
        {
            // IdnMapping refuses labels that cannot become punycode (e.g. empty labels, forbidden code points).
            return new(null, "The host name cannot be written in ASCII (punycode): check the part after https://.");
        }
        return IsValid(normalized) ? new(normalized, null) : new(null, Diagnose(normalized));
    }

    /// <summary>True when <paramref name="value"/> matches RFC 3986 <c>URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]</c>.</summary>
    public static bool IsValid(string value)
    {
        var i = 0;
        if (!Scheme(value, ref i) || i >= value.Length || value[i++] != ':')
        {
            return false;
        }
        if (At(value, i, "//"))
        {
            i += 2;
            if (!Authority(value, ref i))
            {
                return false;
            }
        }
        // path-abempty, path-absolute, path-rootless and path-empty are all "pchar or /" up to ? or #.
        while (i < value.Length && value[i] is not ('?' or '#'))
        {
            if (value[i] == '/')
            {
                i++;
            }
            else if (!PChar(value, ref i))
            {
                return false;
            }
        }
        if (i < value.Length && value[i] == '?')
        {
            i++;
            if (!QueryOrFragment(value, ref i, stopAtHash: true))
            {
                return false;
            }
        }
        if (i < value.Length && value[i] == '#')
        {
            i++;
            if (!QueryOrFragment(value, ref i, stopAtHash: false))
            {
                return false;
            }
        }
        return i == value.Length;
    }

    private static string ToAscii(string value)
    {
        if (value.All(char.IsAscii))
        {
            return value;
        }
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var builder = new StringBuilder(value.Length * 2);
        var rest = 0;
        if (schemeEnd > 0)
        {
            var authorityStart = schemeEnd + 3;
            var authorityEnd = value.IndexOfAny(['/', '?', '#'], authorityStart);
            authorityEnd = authorityEnd < 0 ? value.Length : authorityEnd;
            var authority = value[authorityStart..authorityEnd];
            var at = authority.LastIndexOf('@');
            var hostStart = at + 1;
            var colon = authority.IndexOf(':', hostStart);
            var hostEnd = colon < 0 ? authority.Length : colon;
            var host = authority[hostStart..hostEnd];
            builder.Append(value, 0, authorityStart);
            builder.Append(PercentEncodeNonAscii(authority[..hostStart]));
            builder.Append(host.All(char.IsAscii) ? host : new IdnMapping().GetAscii(host));
            builder.Append(PercentEncodeNonAscii(authority[hostEnd..]));
            rest = authorityEnd;
        }
        builder.Append(PercentEncodeNonAscii(value[rest..]));
        return builder.ToString();
    }

    private static string PercentEncodeNonAscii(string part)
    {
        var builder = new StringBuilder(part.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in part.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                builder.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>Names the first thing to change, in words staff can act on.</summary>
    private static string Diagnose(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '|' or '^' or '`':
                    return $"The character {c} is not allowed in an address: write it as %{(int)c:X2}.";
                case '%' when !(IsHex(value, i + 1) && IsHex(value, i + 2)):
                    return "A % must be followed by two hex digits: write a literal % as %25.";
                case '[' or ']' when !IsIpLiteralBracket(value, i):
                    return $"The character {c} is only allowed around an IPv6 address: write it as %{(int)c:X2}.";
                case '#' when value.IndexOf('#') != i:
                    return "An address may contain only one #: write the second one as %23.";
                case < ' ' or (char)0x7F:
                    return "The address contains a control character: remove it.";
            }
        }
        return "This is not a valid address (RFC 3986): check the part after https:// (host, port and path).";
    }

    private static bool IsIpLiteralBracket(string value, int index)
    {
        var hostStart = value.IndexOf("://", StringComparison.Ordinal) + 3;
        var close = value.IndexOf(']', hostStart);
        return hostStart > 2 && value.Length > hostStart && value[hostStart] == '[' && (index == hostStart || index == close);
    }

    private static bool Scheme(string value, ref int i)
    {
        if (i >= value.Length || !char.IsAsciiLetter(value[i]))
        {
            return false;
        }
        while (++i < value.Length && (char.IsAsciiLetterOrDigit(value[i]) || value[i] is '+' or '-' or '.'))
        {
        }
        return true;
    }

    private static bool Authority(string value, ref int i)
    {
        var end = i;
        while (end < value.Length && value[end] is not ('/' or '?' or '#'))
        {
            end++;
        }
        var authority = value[i..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0 && !authority[..at].All(c => Unreserved(c) || SubDelims.Contains(c) || c is ':' or '%') || !PctValid(authority[..Math.Max(at, 0)]))
        {
            return false;
        }
        var hostAndPort = authority[(at + 1)..];
        string host;
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']');
            if (close < 0 || !IpLiteral(hostAndPort[1..close]))
            {
                return false;
            }
            host = hostAndPort[..(close + 1)];
        }
        else
        {
            var colon = hostAndPort.IndexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort[..colon];
            if (!host.All(c => Unreserved(c) || SubDelims.Contains(c) || c == '%') || !PctValid(host) || !PctDecodesToUtf8(host))
            {
                return false;
            }
        }
        var port = hostAndPort[host.Length..];
        if (port.Length > 0 && (port[0] != ':' || !port[1..].All(char.IsAsciiDigit)))
        {
            return false;
        }
        i = end;
        return true;
    }

    private static bool IpLiteral(string inner)
    {
        if (inner.StartsWith('v') || inner.StartsWith('V'))
        {
            var dot = inner.IndexOf('.');
            return dot > 1 && inner[1..dot].All(char.IsAsciiHexDigit) && dot < inner.Length - 1
                && inner[(dot + 1)..].All(c => Unreserved(c) || SubDelims.Contains(c) || c == ':');
        }
        var zone = inner.IndexOf("%25", StringComparison.Ordinal);
        var address = zone < 0 ? inner : inner[..zone];
        if (zone >= 0 && (inner.Length == zone + 3 || !inner[(zone + 3)..].All(c => Unreserved(c) || c == '%') || !PctValid(inner[(zone + 3)..])))
        {
            return false;
        }
        // protovalidate-go ipv6Address() reads only HEXDIG and ":", so an embedded IPv4 form ([::ffff:1.2.3.4]) is refused there.
        return address.All(c => char.IsAsciiHexDigit(c) || c == ':')
            && System.Net.IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }

    private static bool QueryOrFragment(string value, ref int i, bool stopAtHash)
    {
        while (i < value.Length && !(stopAtHash && value[i] == '#'))
        {
            if (value[i] is '/' or '?')
            {
                i++;
            }
            else if (!PChar(value, ref i))
            {
                return false;
            }
        }
        return true;
    }

    private static bool PChar(string value, ref int i)
    {
        var c = value[i];
        if (Unreserved(c) || SubDelims.Contains(c) || c is ':' or '@')
        {
            i++;
            return true;
        }
        if (c == '%' && IsHex(value, i + 1) && IsHex(value, i + 2))
        {
            i += 3;
            return true;
        }
        return false;
    }

    private static bool Unreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsHex(string value, int index) => index < value.Length && char.IsAsciiHexDigit(value[index]);

    private static bool At(string value, int index, string text) => string.CompareOrdinal(value, index, text, 0, text.Length) == 0;

    private static bool PctValid(string part)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '%' && !(IsHex(part, i + 1) && IsHex(part, i + 2)))
            {
                return false;
            }
        }
        return true;
    }

    // RFC 3986 §3.2.2: percent-encoding in a host may only stand for UTF-8.
    private static bool PctDecodesToUtf8(string host)
    {
        if (!host.Contains('%'))
        {
            return true;
        }
        var bytes = new List<byte>();
        for (var i = 0; i < host.Length; i++)
        {
            if (host[i] == '%')
            {
                bytes.Add(byte.Parse(host.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)host[i]);
            }
        }
        return Utf8.IsValid(bytes.ToArray());
    }
}
