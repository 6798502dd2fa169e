using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using Microsoft.AspNetCore.Components;
using QRCoder;

namespace AdminPortal.Components.Invites;

/// <summary>The printable QR sheet of one batch; see <see cref="InviteBatchHosting.SheetPath"/>.</summary>
public sealed partial class InviteBatchSheet
{
    /// <summary>Two columns of four rows fill an A4 page with cards large enough for a QR code a phone reads from arm's length.</summary>
    public const int CardsPerPage = 8;

    [Parameter, EditorRequired] public InviteBatchLinks Links { get; set; } = default!;

    private IReadOnlyList<InviteBatchLink[]> Pages => [.. Links.Links.Chunk(CardsPerPage)];

    private string RoomName => string.IsNullOrWhiteSpace(Links.Batch.RoomTitle) ? Links.Batch.RoomId : Links.Batch.RoomTitle;

    private static string Cards(int count) => count == 1 ? "1 card" : $"{count} cards";

    private static string Name(Invite invite) => invite.Kind == InviteKind.Personal ? invite.DisplayName : "Anyone with this code";

    /// <summary>
    /// The QR code as SVG that scales to its box (a view box, no fixed size), with the standard four-module quiet zone, drawn with
    /// crisp edges so printers render sharp modules at any size.
    /// </summary>
    public static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(1, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return svg[svg.IndexOf("<svg", StringComparison.Ordinal)..].Replace("<svg ", "<svg shape-rendering=\"crispEdges\" aria-hidden=\"true\" ", StringComparison.Ordinal);
    }
}
