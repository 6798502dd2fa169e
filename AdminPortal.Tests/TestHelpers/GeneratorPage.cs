using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>The generator at <c>/</c> as a browser user sees it, by the element ids the page promises.</summary>
public sealed class GeneratorPage(IPage page)
{
    public IPage Page => page;
    public ILocator RoomId => page.Locator("#room-id");
    public ILocator RoomTitle => page.Locator("#room-title");
    public ILocator DisplayName => page.Locator("#display-name");
    public ILocator UserId => page.Locator("#user-id");
    public ILocator AvatarUrl => page.Locator("#avatar-url");
    public ILocator IsAdmin => page.Locator("#is-admin");
    public ILocator IsHidden => page.Locator("#is-hidden");
    public ILocator Reason => page.Locator("#reason");
    public ILocator Generate => page.Locator("#generate");
    public ILocator FormInvalid => page.Locator("#form-invalid");
    public ILocator Error => page.Locator("#generate-error");
    public ILocator JoinLink => page.Locator("#join-link");
    public ILocator Qr => page.Locator("#join-qr");

    /// <summary>A design field (<c>primary_color</c>, <c>custom_logo</c>, ...) or a lock switch (<c>lock_chat</c>, ...) by its key.</summary>
    public ILocator ByKey(string key) => page.Locator("#" + key);

    /// <summary>Signs in through the log-in form and waits for the generator's live circuit.</summary>
    public static async Task<GeneratorPage> SignInAsync(IPage page, string email = PortalFactory.AdminEmail, string password = PortalFactory.AdminPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input\\.Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(password);
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.WaitForCircuitAsync();
        return new GeneratorPage(page);
    }

    /// <summary>Opens a closed section of the form ("locks", "design") by pressing its heading.</summary>
    public async Task OpenSectionAsync(string section)
    {
        var toggle = page.Locator($"#{section}-section-toggle");
        if (await toggle.GetAttributeAsync("aria-expanded") != "true")
        {
            await toggle.ClickAsync();
        }
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
    }

    public async Task ApplyPresetAsync(string presetId)
    {
        await page.Locator("#preset-" + presetId).ClickAsync();
        await Expect(page.GetByText("Preset applied:")).ToBeVisibleAsync();
    }

    public async Task FillParticipantAsync(string roomId, string displayName, string userId)
    {
        await RoomId.FillAsync(roomId);
        await DisplayName.FillAsync(displayName);
        await UserId.FillAsync(userId);
    }

    /// <summary>
    /// Clicks Generate and returns the new link. The result heading names the participant ("Link for Ada (ada) in room r"),
    /// so the new link is told from an earlier one by that heading; a journey generating twice changes the participant.
    /// </summary>
    public async Task<string> GenerateLinkAsync()
    {
        var heading = page.Locator("#result h2");
        var expected = $"Link for {(await DisplayName.InputValueAsync()).Trim()} ({await UserId.InputValueAsync()}) in room {(await RoomId.InputValueAsync()).Trim()}";
        if (await heading.CountAsync() > 0 && (await heading.InnerTextAsync()).Trim() == expected)
        {
            throw new InvalidOperationException($"A link for the same participant is already shown ({expected}): change the participant first.");
        }
        await Generate.ClickAsync();
        await Expect(heading).ToHaveTextAsync(expected);
        await Expect(Error).ToHaveCountAsync(0);
        await Expect(FormInvalid).ToHaveCountAsync(0);
        return await JoinLink.InputValueAsync();
    }

    /// <summary>Clicks Generate and returns the upstream failure message the page shows.</summary>
    public async Task<string> GenerateFailureAsync()
    {
        await Generate.ClickAsync();
        await Expect(Error).ToBeVisibleAsync();
        await Expect(Generate).ToBeEnabledAsync();
        return (await Error.InnerTextAsync()).Trim();
    }

    /// <summary>The field shows <paramref name="message"/> under it, marked invalid and announced as its description.</summary>
    public async Task ExpectFieldMessageAsync(ILocator input, string message)
    {
        await Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(input).ToHaveAccessibleDescriptionAsync(message);
        var describedBy = await input.GetAttributeAsync("aria-describedby");
        await Expect(page.Locator($"[id='{describedBy}']")).ToBeVisibleAsync();
    }
}
