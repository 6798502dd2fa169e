using System.Diagnostics;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>Reads a QR code the way a phone would, with an independent decoder: Debian's zbarimg.</summary>
public static class QrCodeReader
{
    private const string PngDataUriPrefix = "data:image/png;base64,";

    /// <summary>Saves the PNG of a <c>data:</c> URI under artifacts/ as <paramref name="name"/>.png and returns the text zbarimg reads from it.</summary>
    public static async Task<string> DecodePngDataUriAsync(string dataUri, string name)
    {
        Assert.StartsWith(PngDataUriPrefix, dataUri);
        var path = Path.Combine(PageChecks.ArtifactsDirectory, name + ".png");
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(dataUri[PngDataUriPrefix.Length..]));

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("ZBARIMG_PATH") ?? "/usr/bin/zbarimg")
        {
            ArgumentList = { "--raw", "-q", path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var zbarimg = Process.Start(start)!;
        var output = zbarimg.StandardOutput.ReadToEndAsync();
        var errors = zbarimg.StandardError.ReadToEndAsync();
        await zbarimg.WaitForExitAsync();
        Assert.True(zbarimg.ExitCode == 0, $"zbarimg found no QR code in {path} (exit {zbarimg.ExitCode}): {await errors}");
        // --raw prints the payload followed by one newline.
        return (await output).TrimEnd('\n');
    }
}
