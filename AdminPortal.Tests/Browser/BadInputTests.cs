using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 4: each kind of bad input is explained next to its field, and nothing is sent to plugNmeet.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class BadInputTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string UserIdMessage = "User ID may only contain letters A–Z, digits, - and _ (no spaces).";
    private const string AvatarMessage = "Enter a full https:// address, e.g. https://example.com/picture.png.";
    private const string ColourMessage = "Enter a hex colour such as #1a73e8 (3, 6 or 8 hex digits after #).";
    private const string NameMessage = "Display name is required.";

    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Bad_input_is_explained_inline_and_never_reaches_plugNmeet(int width)
    {
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;
        await generator.FillParticipantAsync($"review-{width}", "Grace Hopper", $"grace-{width}");
        await generator.OpenSectionAsync("design");

        await RejectsThenAcceptsAsync(generator, generator.UserId, "grace hopper", UserIdMessage, $"grace-{width}");
        await RejectsThenAcceptsAsync(generator, generator.AvatarUrl, "http://pictures.example.test/grace.png", AvatarMessage, "");
        await RejectsThenAcceptsAsync(generator, generator.ByKey("primary_color"), "#12345", ColourMessage, "");
        await RejectsThenAcceptsAsync(generator, generator.DisplayName, "", NameMessage, "Grace Hopper");

        await generator.UserId.FillAsync("grace hopper");
        await generator.AvatarUrl.FillAsync("http://pictures.example.test/grace.png");
        await generator.ByKey("primary_color").FillAsync("#12345");
        await generator.DisplayName.FillAsync("");
        var before = fixture.Portal.Sandbox.RequestCount;
        await generator.Generate.ClickAsync();
        await Expect(generator.FormInvalid).ToBeVisibleAsync();
        await generator.ExpectFieldMessageAsync(generator.UserId, UserIdMessage);
        await generator.ExpectFieldMessageAsync(generator.AvatarUrl, AvatarMessage);
        await generator.ExpectFieldMessageAsync(generator.ByKey("primary_color"), ColourMessage);
        await generator.ExpectFieldMessageAsync(generator.DisplayName, NameMessage);
        Assert.Equal(before, fixture.Portal.Sandbox.RequestCount);
        await page.AssertAccessibleAsync("the generator showing field messages");
        await page.AssertFitsWidthAsync("the generator showing field messages");
        await page.SaveEvidenceAsync($"4-bad-input-{width}px");
    }

    /// <summary>
    /// One bad value in an otherwise valid form: the form alert (absent before the click, so it is this click's answer), the field's
    /// own message, and no API request. Then, mended and for a new participant, the form goes through and the sandbox counts it.
    /// </summary>
    private async Task RejectsThenAcceptsAsync(GeneratorPage generator, ILocator field, string bad, string message, string good)
    {
        var sandbox = fixture.Portal.Sandbox;
        await field.FillAsync(bad);
        await Expect(generator.FormInvalid).ToHaveCountAsync(0);
        var before = sandbox.RequestCount;
        await generator.Generate.ClickAsync();
        await Expect(generator.FormInvalid).ToBeVisibleAsync();
        await generator.ExpectFieldMessageAsync(field, message);
        Assert.Equal(before, sandbox.RequestCount);

        await field.FillAsync(good);
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "false");
        await generator.UserId.FillAsync($"{await generator.UserId.InputValueAsync()}x");
        await generator.GenerateLinkAsync();
        Assert.True(sandbox.RequestCount > before, "The mended form should reach the plugNmeet API.");
    }
}
