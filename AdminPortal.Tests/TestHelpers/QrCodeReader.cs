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

        return Assert.Single(await DecodeFileAsync(path));
    }

    /// <summary>Every QR code zbarimg reads in the image at <paramref name="path"/>, one text each (it fails when there is none).</summary>
    public static async Task<IReadOnlyList<string>> DecodeFileAsync(string path)
    {
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
        // --raw prints each payload followed by one newline (payloads here never hold one).
        return (await output).TrimEnd('\n').Split('\n');
    }
}
