using AdminPortal.Components.Shared;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.TimeZones;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Components;

public class ExpiryCountdownTests : PortalBunitContext
{
    public ExpiryCountdownTests() : base(JSRuntimeMode.Strict)
    {
        // LocalTime asks the browser for its zone once; this one is in UTC, as the expectations below are written.
        Services.AddScoped<BrowserTimeZone>();
        JSInterop.SetupModule(BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetResult("UTC");
    }

    [Fact]
    public void Shows_the_time_left_and_the_utc_deadline()
    {
        var cut = Render<ExpiryCountdown>(p => p.Add(c => c.ExpiresAt, Clock.GetUtcNow().AddMinutes(5)));

        Assert.Equal("5:00", cut.Find("#expiry-remaining").TextContent);
        Assert.Contains("(until 09:35:00 UTC)", cut.Find("#expiry").TextContent);
        Assert.Empty(cut.FindAll("#expired-alert"));
        Assert.Empty(cut.FindAll("#generate-again"));
    }

    [Fact]
    public void Shows_the_deadline_in_the_viewers_time_zone_with_utc_on_hover()
    {
        JSInterop.SetupModule(BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetResult("Europe/Berlin");
        var cut = Render<ExpiryCountdown>(p => p.Add(c => c.ExpiresAt, Clock.GetUtcNow().AddMinutes(5)));

        cut.WaitForAssertion(() => Assert.Equal("10:35:00", cut.Find("#expiry-until").TextContent));
        Assert.Equal("09:35:00 UTC", cut.Find("#expiry-until").GetAttribute("title"));
    }

    [Fact]
    public void Shows_hours_when_an_hour_or_more_is_left()
    {
        var cut = Render<ExpiryCountdown>(p => p.Add(c => c.ExpiresAt, Clock.GetUtcNow().AddMinutes(90)));

        Assert.Equal("1:30:00", cut.Find("#expiry-remaining").TextContent);
    }

    [Fact]
    public void Counts_down_every_second()
    {
        var cut = Render<ExpiryCountdown>(p => p.Add(c => c.ExpiresAt, Clock.GetUtcNow().AddMinutes(2)));

        Clock.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("1:59", cut.Find("#expiry-remaining").TextContent));

        Clock.Advance(TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.Equal("1:54", cut.Find("#expiry-remaining").TextContent));
    }

    [Fact]
    public void Once_expired_offers_to_generate_again_and_reports_the_click()
    {
        var regenerations = 0;
        var cut = Render<ExpiryCountdown>(p => p
            .Add(c => c.ExpiresAt, Clock.GetUtcNow().AddSeconds(3))
            .Add(c => c.OnRegenerate, () => regenerations++));
        Assert.Equal("0:03", cut.Find("#expiry-remaining").TextContent);

        Clock.Advance(TimeSpan.FromSeconds(4));

        cut.WaitForElement("#expired-alert");
        Assert.Contains("This link no longer works", cut.Find("#expired-alert").TextContent);
        Assert.Empty(cut.FindAll("#expiry-remaining"));
        var again = cut.Find("#generate-again");
        Assert.False(again.HasAttribute("disabled"));
        Assert.Equal(0, regenerations);

        again.Click();

        Assert.Equal(1, regenerations);
    }

    [Fact]
    public void Generate_again_is_disabled_while_busy()
    {
        var cut = Render<ExpiryCountdown>(p => p
            .Add(c => c.ExpiresAt, Clock.GetUtcNow().AddSeconds(-1))
            .Add(c => c.Busy, true));

        Assert.NotNull(cut.Find("#expired-alert"));
        Assert.True(cut.Find("#generate-again").HasAttribute("disabled"));
    }

    [Fact]
    public void New_deadline_replaces_the_expired_state()
    {
        var cut = Render<ExpiryCountdown>(p => p.Add(c => c.ExpiresAt, Clock.GetUtcNow().AddSeconds(-1)));
        Assert.NotNull(cut.Find("#expired-alert"));

        cut.Render(p => p.Add(c => c.ExpiresAt, Clock.GetUtcNow().AddMinutes(10)));

        Assert.Equal("10:00", cut.Find("#expiry-remaining").TextContent);
        Assert.Empty(cut.FindAll("#expired-alert"));
    }
}
