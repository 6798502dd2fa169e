namespace AdminPortal.JoinLinks;

/// <summary>
/// Whether the finished link can fit in a QR code, worked out before plugNmeet is asked for a token. The token's size is
/// bounded from the claims the server signs (plugnmeet-protocol <c>auth/access_token.go</c>: iss, sub, nbf, exp; plus
/// <c>PlugNmeetTokenClaims</c>: name, user_id, room_id, is_admin, is_hidden, client_type). Avatar, locks and language are
/// not in the token, so only the name, ids and custom design make a link long.
/// </summary>
public static class LinkFit
{
    /// <summary>base64url of <c>{"alg":"HS256","typ":"JWT"}</c>, two dots, and the 43 characters of an HS256 signature.</summary>
    private const int FixedTokenParts = 36 + 2 + 43;

    /// <summary>The payload with every claim present and empty strings; timestamps counted at 11 digits.</summary>
    private const string EmptyPayload =
        """{"exp":00000000000,"iss":"","nbf":00000000000,"sub":"","client_type":1,"is_admin":true,"is_hidden":true,"name":"","room_id":"","user_id":""}""";

    /// <summary>An upper bound for the length of the join token plugNmeet (or the sandbox) will issue.</summary>
    public static int MaxTokenLength(string apiKey, string name, string userId, string roomId)
    {
        var payloadBytes = EmptyPayload.Length + JsonBytes(apiKey) + JsonBytes(name) + 2 * JsonBytes(userId) + JsonBytes(roomId);
        return FixedTokenParts + (payloadBytes * 4 + 2) / 3;
    }

    /// <summary>Field messages when the link would not fit in a QR code; empty when it fits.</summary>
    public static IReadOnlyDictionary<string, string> Check(Uri clientUrl, string apiKey, JoinLinkForm form)
    {
        var name = form.DisplayName.Trim();
        var design = JoinLinkBuilder.DesignPart(CustomDesign.ToJson(form.Design)).Length;
        var length = JoinLinkBuilder.Prefix(clientUrl).Length + MaxTokenLength(apiKey, name, form.UserId, form.RoomId.Trim()) + design;
        if (length <= QrCodeImage.MaxLength)
        {
            return new Dictionary<string, string>();
        }
        var message = $"The link would be up to {length} characters, but a QR code holds at most {QrCodeImage.MaxLength}. " +
            $"Shorten the custom design (it adds {design}) or the display name: nothing was sent.";
        var errors = new Dictionary<string, string> { [nameof(JoinLinkForm.DisplayName)] = message };
        if (design > 0)
        {
            errors[nameof(JoinLinkForm.Design)] = message;
        }
        return errors;
    }

    // Worst case per UTF-16 unit as a JSON encoder may write it: letters and digits as is, '"' and '\' as two,
    // anything else (HTML-sensitive, control, non-ASCII) as a six-character \uXXXX escape.
    private static int JsonBytes(string value) =>
        value.Sum(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' ? 1 : c is '"' or '\\' ? 2 : 6);
}
