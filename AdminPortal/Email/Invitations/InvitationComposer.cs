using System.Globalization;
using System.Net;
using AdminPortal.Email.Outbox;
using AdminPortal.Invites;
using AdminPortal.Invites.Calendar;
using AdminPortal.JoinLinks;
using MimeKit;
using MimeKit.Utils;

namespace AdminPortal.Email.Invitations;

/// <summary>Everything one invitation e-mail is written from; the link is made when sending and never stored.</summary>
public sealed record InvitationParts(EmailConfiguration Configuration, InvitationTemplateText Template, Invite Invite, InviteSettings Settings,
    OutboxMessage Message, string Link);

/// <summary>
/// Writes the invitation e-mail: the template with its placeholders filled, as plain text and as HTML made from the same text
/// (every value HTML-encoded, the link an anchor, the QR code of the link an inline image), and an .ics file when the invite has
/// a start time. MIME: multipart/mixed [ multipart/alternative [ text/plain, multipart/related [ text/html, image/png ] ], .ics ].
/// </summary>
public static class InvitationComposer
{
    /// <summary>Without an end time the calendar entry lasts this long.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(1);

    /// <summary>"5 March 2026, 09:30 UTC": the zone is stated, as the reader's own may differ.</summary>
    public static string ValidUntil(DateTimeOffset value) =>
        value.UtcDateTime.ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>What each placeholder becomes for this invite.</summary>
    public static Dictionary<string, string> Values(Invite invite, InviteSettings settings, string recipientName, string link) => new(StringComparer.Ordinal)
    {
        ["name"] = recipientName.Length > 0 ? recipientName : invite.Kind == InviteKind.Personal && invite.DisplayName.Length > 0 ? invite.DisplayName : "there",
        ["room"] = InvitationText.RoomName(invite),
        ["valid_until"] = ValidUntil(invite.ValidUntil),
        [InvitationTemplateRules.Link] = link,
        ["contact"] = settings.ContactText,
        ["organisation"] = settings.OrganisationName,
    };

    /// <summary>The plain text of <paramref name="template"/> with <paramref name="values"/> put in.</summary>
    public static string Text(string template, IReadOnlyDictionary<string, string> values) =>
        InvitationTemplateRules.Fill(template, name => values[name], literal => literal);

    /// <summary>The HTML made from the text: staff's words and the values encoded, line breaks kept, {link} an anchor.</summary>
    public static string Html(string template, IReadOnlyDictionary<string, string> values, string? qrContentId)
    {
        var body = InvitationTemplateRules.Fill(template,
            name => name == InvitationTemplateRules.Link
                ? $"<a href=\"{WebUtility.HtmlEncode(values[name])}\">{WebUtility.HtmlEncode(values[name])}</a>"
                : Encode(values[name]),
            Encode);
        var qr = qrContentId is null ? ""
            : $"<p><img src=\"cid:{qrContentId}\" alt=\"QR code of the invite link\" width=\"240\" height=\"240\"></p>";
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif\"><p>" +
            body + "</p>" + qr + "</body></html>";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text).Replace("\r\n", "\n").Replace("\n", "<br>\r\n");

    public static MimeMessage Compose(InvitationParts parts, DateTimeOffset now)
    {
        var (configuration, template, invite, settings, outbox, link) = parts;
        var values = Values(invite, settings, outbox.RecipientName, link);
        var message = configuration.NewMessage(new MailboxAddress(NullIfEmpty(outbox.RecipientName), outbox.Recipient), Text(template.Subject, values));
        message.MessageId = outbox.MessageId;
        message.Date = now;
        var builder = new BodyBuilder { TextBody = Text(template.Body, values).Replace("\r\n", "\n").Replace("\n", "\r\n") };
        string? qrId = null;
        if (QrCodeImage.TryToPngDataUri(link) is { } dataUri)
        {
            var png = Convert.FromBase64String(dataUri[(dataUri.IndexOf(',') + 1)..]);
            var image = builder.LinkedResources.Add("invite-qr.png", png, new ContentType("image", "png"));
            qrId = image.ContentId = MimeUtils.GenerateMessageId();
        }
        builder.HtmlBody = Html(template.Body, values, qrId);
        if (invite.StartsAt is { } start)
        {
            var calendar = InviteCalendar.Write(new CalendarEvent(
                $"invite-{invite.Id}@{new Uri(link).Host}", InvitationText.RoomName(invite), start, invite.EndsAt ?? start + DefaultDuration, link,
                $"Join: {link}\nThe link works until {values["valid_until"]}.", configuration.From.Name, configuration.From.Address), now);
            // Base64 keeps the file's CRLF line ends and folding exactly as written, whatever the mail servers on the way do.
            ((MimePart)builder.Attachments.Add("invitation.ics", System.Text.Encoding.UTF8.GetBytes(calendar), ContentType.Parse(InviteCalendar.ContentType)))
                .ContentTransferEncoding = ContentEncoding.Base64;
        }
        message.Body = builder.ToMessageBody();
        return message;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
