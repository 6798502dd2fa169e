using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 12: an Administrator configures the sandbox's own address as a plugNmeet server, first with a wrong secret (Test connection
/// says so), then the right one (OK with the answer time), saves; the sandbox banner goes and a generated link works.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class PlugNmeetSettingsJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task An_administrator_tests_and_saves_a_server_and_the_banner_and_links_follow(int width)
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        await using var context = await browser.NewContextAsync(portal, width);
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        await Expect(page.Locator("#sandbox-banner")).ToBeVisibleAsync();

        await page.NavigateAsync("plugNmeet", "/settings/plugnmeet");
        await page.WaitForCircuitAsync();
        await page.GetByLabel("A plugNmeet server").CheckAsync();
        await page.GetByLabel("Server URL").FillAsync(portal.BaseUrl + "/sandbox");
        var port = new Uri(portal.BaseUrl).Port;
        await page.GetByLabel("Client URL (optional)").FillAsync($"http://localhost:{port}/sandbox/join");
        await page.GetByLabel("API key").FillAsync(portal.Connection.SandboxApiKey);
        await page.Locator("#plugnmeet-secret").FillAsync("not-the-sandbox-secret");
        await page.Locator("#test-connection").ClickAsync();
        await Expect(page.Locator("#test-result")).ToContainTextAsync("Wrong API key or secret");
        await page.AssertAccessibleAsync("the settings with a failed test");
        await page.AssertFitsWidthAsync("the settings with a failed test");
        await page.SaveEvidenceAsync($"12-settings-wrong-secret-{width}px");

        // A timeout out of range is said next to the field and kept as typed (not clamped), and nothing is tested with it.
        var timeout = page.GetByLabel("Timeout (seconds)");
        await timeout.FillAsync("500");
        await page.Locator("#test-connection").ClickAsync();
        await Expect(page.Locator(".mud-input-control:has(#plugnmeet-timeout)")).ToContainTextAsync("between 1 and 300");
        await Expect(timeout).ToHaveValueAsync("500");
        await timeout.FillAsync("15");

        await page.Locator("#plugnmeet-secret").FillAsync(portal.Connection.SandboxApiSecret);
        await page.Locator("#test-connection").ClickAsync();
        await Expect(page.Locator("#test-result")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Connection OK: .* answered in \d+ ms\."));
        await page.SaveEvidenceAsync($"12-settings-test-ok-{width}px");
        await page.Locator("#save-plugnmeet").ClickAsync();
        await Expect(page.Locator("#secret-status")).ToContainTextAsync("Set, changed ");
        await Expect(page.Locator("#plugnmeet-secret")).ToHaveValueAsync("");
        Assert.DoesNotContain(portal.Connection.SandboxApiSecret, await page.ContentAsync());
        await page.AssertFitsWidthAsync("the saved settings");
        await page.SaveEvidenceAsync($"12-settings-saved-{width}px");

        await page.NavigateAsync("Generator", "/");
        await page.WaitForCircuitAsync();
        await Expect(page.Locator("#sandbox-banner")).ToHaveCountAsync(0);
        var generator = new GeneratorPage(page);
        await generator.FillParticipantAsync("settings-room", "Ada", "ada-1");
        var link = await generator.GenerateLinkAsync();
        Assert.StartsWith($"http://localhost:{port}/sandbox/join/?access_token=", link);
        var join = await context.NewPageAsync();
        // The browser contexts reach only the portal's own origin; localhost:port is the same server.
        await join.GotoAsync(link.Replace($"http://localhost:{port}", portal.BaseUrl));
        await Expect(join.Locator("#join-error")).ToHaveCountAsync(0);
        await Expect(join.GetByText("Ada").First).ToBeVisibleAsync();
        await join.SaveEvidenceAsync($"12-settings-link-works-{width}px");
    }
}
