using AdminPortal.Tests.TestHelpers;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>Journey 5: when plugNmeet fails, the page says what to check, and once the server is mended the same form works.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class UpstreamFailureTests(BrowserFixture browser, PortalBehindStub fixture) : IClassFixture<PortalBehindStub>
{
    [Theory]
    [InlineData(BrowserFixture.PhoneWidth)]
    [InlineData(BrowserFixture.DesktopWidth)]
    public async Task Upstream_failures_show_a_clear_message_and_the_form_works_once_mended(int width)
    {
        var stub = fixture.Stub;
        var server = $"127.0.0.1:{stub.Port}";
        await using var context = await browser.NewContextAsync(fixture.Portal, width);
        var generator = await GeneratorPage.SignInAsync(await context.NewPageAsync());
        var page = generator.Page;
        await generator.FillParticipantAsync($"upstream-{width}", "Alan Turing", $"alan-{width}-secret");
        try
        {
            stub.Mode = PlugNmeetStubMode.WrongSecret;
            var sandboxRequests = fixture.Upstream.Sandbox.RequestCount;
            Assert.Equal(
                "The plugNmeet server rejected the API key or signature (Failed to verify provided authentication details). "
                + "Check the API key and secret in plugNmeet settings.",
                await generator.GenerateFailureAsync());
            Assert.Equal(sandboxRequests + 1, fixture.Upstream.Sandbox.RequestCount); // the sandbox itself refused the signature
            await page.AssertAccessibleAsync("the generator showing an upstream failure");
            await page.AssertFitsWidthAsync("the generator showing an upstream failure");
            await page.SaveEvidenceAsync($"5-upstream-wrong-secret-{width}px");
            stub.Mode = PlugNmeetStubMode.Healthy;
            Assert.StartsWith($"{fixture.ClientUrl}/?access_token=", await generator.GenerateLinkAsync());

            await generator.UserId.FillAsync($"alan-{width}-refused");
            await stub.StopAsync();
            Assert.Equal(
                $"The plugNmeet server at {server} refused the connection: is it running, and is the server URL in plugNmeet settings right?",
                await generator.GenerateFailureAsync());
            await stub.StartAsync();
            await generator.GenerateLinkAsync();

            await generator.UserId.FillAsync($"alan-{width}-dropped");
            stub.Mode = PlugNmeetStubMode.DropConnection;
            Assert.Equal(
                $"The plugNmeet server at {server} could not be reached or dropped the connection. Try again in a moment.",
                await generator.GenerateFailureAsync());
            stub.Mode = PlugNmeetStubMode.Healthy;
            await generator.GenerateLinkAsync();

            await generator.UserId.FillAsync($"alan-{width}-html");
            stub.Mode = PlugNmeetStubMode.NotJson;
            Assert.Equal(
                $"The server at {server} sent a reply that is not a plugNmeet API response. Check the server URL in plugNmeet settings.",
                await generator.GenerateFailureAsync());
            stub.Mode = PlugNmeetStubMode.Healthy;
            await generator.GenerateLinkAsync();
        }
        finally
        {
            stub.Mode = PlugNmeetStubMode.Healthy;
            await stub.StartAsync();
        }
        await page.AssertFitsWidthAsync("the generator after the server was mended");
        await page.SaveEvidenceAsync($"5-upstream-failures-{width}px");
    }
}
