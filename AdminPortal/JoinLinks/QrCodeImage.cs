using QRCoder;

namespace AdminPortal.JoinLinks;

public static class QrCodeImage
{
    /// <summary>What one QR code holds at the error correction used here (level M, version 40, byte mode).</summary>
    public const int MaxLength = 2331;

    /// <summary>A PNG data URI of the QR code for exactly <paramref name="text"/>.</summary>
    public static string ToPngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    /// <summary>As <see cref="ToPngDataUri"/>, or null when the text does not fit in a QR code (the page then shows the link alone).</summary>
    public static string? TryToPngDataUri(string text)
    {
        if (text.Length > MaxLength)
        {
            return null;
        }
        try
        {
            return ToPngDataUri(text);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            return null;
        }
    }
}
