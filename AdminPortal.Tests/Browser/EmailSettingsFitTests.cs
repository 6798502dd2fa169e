using System.Globalization;
using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 14: an Administrator fills in /settings/email on a 390 px phone and a 1440 px screen, sees the warning for a password sent
/// without encryption, and sends a test e-mail that a real SMTP server on loopback receives; nothing scrolls sideways.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class EmailSettingsFitTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task The_settings_fit_and_a_test_e_mail_arrives(int width)
    {
        await using var smtp = await SmtpTestServer.StartAsync(("mailer", "browser-secret-5a9c"));
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        await page.GotoAsync("/settings/email");
        await page.WaitForCircuitAsync();

        await page.Locator("#email-host").FillAsync(smtp.Host);
        await page.Locator("#email-port").FillAsync(smtp.Port.ToString(CultureInfo.InvariantCulture));
        await page.GetByText("None", new() { Exact = true }).ClickAsync();
        await page.Locator("#email-username").FillAsync("mailer");
        await page.Locator("#email-password").FillAsync("browser-secret-5a9c");
        await page.Locator("#email-sendername").FillAsync("Training team of a rather long organisation name");
        await page.Locator("#email-senderaddress").FillAsync("portal@example.com");
        await page.Locator("#email-replyto").ClickAsync(); // leaves the password field, so its change reaches the server
        await Expect(page.Locator("#plain-password-warning")).ToBeVisibleAsync();

        await page.Locator("#test-recipient").FillAsync($"tester-{width}@example.org");
        await page.Locator("#send-test").ClickAsync();
        await Expect(page.Locator("#test-result")).ToContainTextAsync("Sent. The server answered:");
        Assert.Equal($"tester-{width}@example.org", Assert.Single(smtp.Received).Message.To.Mailboxes.Single().Address);

        await page.AssertFitsWidthAsync($"the e-mail settings at {width} px");
        await page.SaveEvidenceAsync($"email-settings-{width}");
    }
}
