using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Issue 12: an administrator adds a room template on a 390 px phone and a 1440 px screen; a bad address is refused next to its field.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class TemplatesPageTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task An_administrator_adds_a_template_with_a_waiting_room(int width)
    {
        var portal = fixture.Portal;
        await using var context = await browser.NewContextAsync(portal, width);
        var signedIn = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = signedIn.Page;
        await page.GotoAsync("/templates");
        await page.WaitForCircuitAsync();
        await Expect(page.Locator("#template-list")).ToContainTextAsync("Standard (default)");

        await page.Locator("#new-template").ClickAsync();
        var name = $"Webinar {width}";
        await page.Locator("input#template-name").FillAsync(name);
        await page.GetByRole(AriaRole.Switch, new() { Name = "Waiting room: participants wait until a moderator admits them" }).CheckAsync();
        await page.Locator("textarea#template-waiting-room-message").FillAsync("The host will let you in shortly.");
        await page.Locator("input#template-max-participants").FillAsync("40");
        var logout = page.Locator("input#template-logout-url");
        await logout.FillAsync("https://example.com/bye|now");
        await logout.BlurAsync();
        await signedIn.ExpectFieldMessageAsync(logout, "The character | is not allowed in an address: write it as %7C.");
        await Expect(page.Locator("#template-always-on")).ToContainTextAsync("cannot be switched off here");
        await page.AssertFitsWidthAsync("the template editor with a field message");
        await page.AssertAccessibleAsync("the template editor with a field message");
        await page.SaveEvidenceAsync($"12-templates-{width}px");

        await page.Locator("#save-template").ClickAsync();
        await Expect(page.Locator("#template-error")).ToContainTextAsync("see the messages next to them");
        await logout.FillAsync("https://example.com/bye");
        await page.Locator("#save-template").ClickAsync();
        await Expect(page.Locator("#template-list")).ToContainTextAsync(name);

        await using var scope = portal.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().RoomTemplates.SingleAsync(t => t.Name == name);
        Assert.True(saved.Settings.WaitingRoom);
        Assert.Equal("The host will let you in shortly.", saved.Settings.WaitingRoomMessage);
        Assert.Equal(40, saved.Settings.MaxParticipants);
        Assert.Equal("https://example.com/bye", saved.Settings.LogoutUrl);
        Assert.False(saved.IsDefault);
    }
}
