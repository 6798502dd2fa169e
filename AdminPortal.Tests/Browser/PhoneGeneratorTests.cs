using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 10, phone first: a helpdesk person on a 390 px phone issues a hidden observer link with at most one screen of
/// scrolling; Generate is on screen from the start and the result comes into view by itself.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class PhoneGeneratorTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Fact]
    public async Task A_helpdesk_person_on_a_phone_issues_a_hidden_observer_link_within_one_screen_of_scrolling()
    {
        const string helpdesk = "phone-help@example.test";
        await fixture.Portal.CreateStaffAsync(helpdesk, StaffRoles.Helpdesk);
        await using var context = await browser.NewContextAsync(fixture.Portal, BrowserFixture.PhoneWidth);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync(), helpdesk, PortalFactory.AdminPassword);
        var page = generator.Page;
        // Every scroll from here on counts, whoever causes it (the person, or the browser bringing a field into view).
        await page.EvaluateAsync("() => { window.__maxScroll = 0; addEventListener('scroll', () => window.__maxScroll = Math.max(window.__maxScroll, scrollY)); }");
        var screen = await page.EvaluateAsync<int>("() => innerHeight");

        await Expect(generator.Generate).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator("#lock_microphone")).ToHaveCountAsync(0); // closed sections are not rendered
        await generator.ApplyPresetAsync("hidden-observer");
        await generator.FillParticipantAsync("phone-support", "Olive Observer", "olive-phone");
        await generator.Reason.FillAsync("HD-390: customer asked for a silent observer");
        await Expect(generator.Generate).ToBeInViewportAsync(new() { Ratio = 1 });
        var scrolledBeforeGenerate = await page.EvaluateAsync<double>("() => window.__maxScroll");
        var pageHeight = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SaveEvidenceAsync("10-phone-generator-filled-390px");

        var link = await generator.GenerateLinkAsync();

        Assert.Contains("access_token=", link);
        await Expect(page.Locator("#result")).ToBeInViewportAsync();
        Assert.True(scrolledBeforeGenerate <= screen,
            $"filling the form took {scrolledBeforeGenerate} px of scrolling on a {screen} px screen (page {pageHeight} px tall)");
        await page.AssertFitsWidthAsync("the generator on a phone with a link");
        await page.AssertAccessibleAsync("the generator on a phone with a link");
        await page.SaveEvidenceAsync("10-phone-generator-result-390px");
        // The figures, for the closing note: how far the form scrolled and how tall the page is.
        Console.WriteLine($"phone generator: scrolled {scrolledBeforeGenerate} px before Generate, screen {screen} px, page {pageHeight} px");
    }
}
