using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>The generator works with the keyboard alone (Tab, Space, Enter, typing), and every stop on the way shows where focus is.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class KeyboardTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    // More than the generator has stops from the top of the page to its Generate button.
    private const int MaxTabStops = 80;

    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task The_generator_is_filled_and_submitted_with_the_keyboard_alone(int width)
    {
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;
        var keyboard = page.Keyboard;
        // The live page moves focus to its heading once (for screen readers); Tab order starts there, not wherever focus was before.
        await Expect(page.Locator("h1")).ToBeFocusedAsync();

        await TabToAsync(page, "preset-hidden-observer");
        await keyboard.PressAsync("Enter");
        await Expect(generator.IsHidden).ToBeCheckedAsync();
        await Expect(generator.ByKey("lock_chat")).ToBeCheckedAsync();

        await TabToAsync(page, "room-id");
        await keyboard.TypeAsync($"keyboard-room-{width}");
        await TabToAsync(page, "display-name");
        await keyboard.TypeAsync("Keyboard User");
        await TabToAsync(page, "make-user-id");
        await keyboard.PressAsync("Enter");
        await Expect(generator.UserId).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^keyboard-user-[0-9a-f]{8}$"));

        await TabToAsync(page, "reason");
        await keyboard.TypeAsync("KB-7 keyboard check");

        // The preset set every lock, so the Locks section opened; Custom design stays closed until its heading is pressed.
        await TabToAsync(page, "lock_chat");
        await keyboard.PressAsync("Space");
        await Expect(generator.ByKey("lock_chat")).Not.ToBeCheckedAsync();
        await TabToAsync(page, "design-section-toggle");
        await keyboard.PressAsync("Enter");
        await Expect(page.Locator("#design-section-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await TabToAsync(page, "primary_color");
        await keyboard.TypeAsync("#1a73e8");

        await TabToAsync(page, "generate");
        await keyboard.PressAsync("Enter");
        await Expect(page.Locator("#result h2")).ToContainTextAsync($"Keyboard User (keyboard-user-");
        await Expect(generator.JoinLink).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("custom_design="));
        await TabToAsync(page, "copy-link");
        await page.AssertFitsWidthAsync("the generator filled by keyboard");
        await page.SaveEvidenceAsync($"keyboard-{width}px");
    }

    /// <summary>Presses Tab until the element with <paramref name="id"/> has focus, checking that each stop passed shows a focus ring.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        var visited = new List<string>();
        for (var stop = 0; stop < MaxTabStops; stop++)
        {
            await page.Keyboard.PressAsync("Tab");
            visited.Add(await page.AssertFocusVisibleAsync());
            if (await page.EvaluateAsync<string>("() => document.activeElement.id") == id)
            {
                return;
            }
        }
        Assert.Fail($"#{id} was not reached in {MaxTabStops} Tab presses; focus went through {string.Join(", ", visited)}.");
    }
}
