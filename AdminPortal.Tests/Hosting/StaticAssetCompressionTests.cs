using System.Text.RegularExpressions;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Hosting;

/// <summary>
/// Every stylesheet and script a page links goes out compressed and cached for a year under its fingerprinted address,
/// MudBlazor's too (PackageAssetCompression.targets: the SDK leaves package assets' fingerprinted routes uncompressed).
/// </summary>
public sealed partial class StaticAssetCompressionTests
{
    [Fact]
    public async Task The_log_in_pages_css_and_scripts_are_compressed_and_immutable()
    {
        // In Development the assets are served uncached (to pick up edits) unless this switch keeps the published headers.
        await using var portal = new PortalFactory();
        portal.Settings["EnableStaticAssetsDevelopmentCaching"] = "true";
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl + "/") };
        var page = await http.GetStringAsync("Account/Login");
        var assets = Linked().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            using var response = await http.SendAsync(request);

            response.EnsureSuccessStatusCode();
            // A build has gzip copies; a publish adds brotli (preferred when smaller).
            Assert.True(response.Content.Headers.ContentEncoding.Any(e => e is "gzip" or "br"), $"{asset} is sent uncompressed");
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    /// <summary>Fingerprinted stylesheets and scripts: name.{10 characters}.css or .js.</summary>
    [GeneratedRegex("""(?:href|src)="([^"]+\.[a-z0-9]{10}\.(?:css|js))" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Linked();
}
