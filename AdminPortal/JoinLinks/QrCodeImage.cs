using QRCoder;

namespace AdminPortal.JoinLinks;

public static class QrCodeImage
{
    /// <summary>A PNG data URI of the QR code for exactly <paramref name="text"/>.</summary>
    public static string ToPngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }
}
