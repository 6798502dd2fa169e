using AdminPortal.Components.Shared;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.TimeZones;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace AdminPortal.Tests.Components;

public sealed class LocalTimeTests : PortalBunitContext
{
    // 09:30 UTC on a winter day: 04:30 in New York (UTC-5), same date; 02:30 UTC is still the day before there.
    private static readonly DateTimeOffset Moment = new(2026, 3, 2, 9, 30, 15, TimeSpan.Zero);

    public LocalTimeTests() : base(JSRuntimeMode.Strict) => Services.AddScoped<BrowserTimeZone>();

    private void BrowserIsIn(string? zone) =>
        JSInterop.SetupModule(BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetResult(zone);

    private IRenderedComponent<LocalTime> RenderTime(DateTimeOffset value, bool alongside = false) => Render<LocalTime>(p => p
        .Add(c => c.Value, value).Add(c => c.Format, "yyyy-MM-dd HH:mm:ss").Add(c => c.UtcAlongside, alongside).Add(c => c.Id, "t"));

    [Fact]
    public void Shows_the_time_in_the_browsers_zone_with_utc_on_hover_and_alongside()
    {
        BrowserIsIn("America/New_York");

        var cut = RenderTime(Moment, alongside: true);

        cut.WaitForAssertion(() => Assert.Equal("2026-03-02 04:30:15", cut.Find("time#t").TextContent));
        var time = cut.Find("time#t");
        Assert.Equal("2026-03-02T09:30:15Z", time.GetAttribute("datetime"));
        Assert.Equal("2026-03-02 09:30:15 UTC", time.GetAttribute("title"));
        Assert.Equal("09:30:15 UTC", cut.Find(".local-time-utc").TextContent);
    }

    [Fact]
    public void The_utc_text_alongside_names_the_date_when_it_differs_from_the_local_one()
    {
        BrowserIsIn("America/New_York");

        var cut = RenderTime(new DateTimeOffset(2026, 3, 2, 2, 30, 0, TimeSpan.Zero), alongside: true);

        cut.WaitForAssertion(() => Assert.Equal("2026-03-01 21:30:00", cut.Find("time#t").TextContent));
        Assert.Equal("2026-03-02 02:30:00 UTC", cut.Find(".local-time-utc").TextContent);
    }

    [Fact]
    public void Before_the_browser_has_said_its_zone_the_time_is_utc_and_labelled_so()
    {
        var module = JSInterop.SetupModule(BrowserTimeZone.ModulePath);
        var pending = module.Setup<string?>("timeZone"); // not answered yet

        var cut = RenderTime(Moment, alongside: true);

        Assert.Equal("2026-03-02 09:30:15 UTC", cut.Find("time#t").TextContent);
        Assert.Empty(cut.FindAll(".local-time-utc"));
        pending.SetResult("Europe/Berlin");
        cut.WaitForAssertion(() => Assert.Equal("2026-03-02 10:30:15", cut.Find("time#t").TextContent));
    }

    [Theory]
    [InlineData("Etc/UTC")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData(null)]
    public void A_browser_in_utc_or_an_unknown_zone_sees_one_utc_time(string? zone)
    {
        BrowserIsIn(zone);

        var cut = RenderTime(Moment, alongside: true);

        cut.WaitForState(() => JSInterop.Invocations.Any(i => i.Identifier == "timeZone"));
        Assert.Equal("2026-03-02 09:30:15 UTC", cut.Find("time#t").TextContent);
        Assert.Empty(cut.FindAll(".local-time-utc"));
    }

    [Fact]
    public void A_browser_that_cannot_answer_keeps_utc()
    {
        JSInterop.SetupModule(BrowserTimeZone.ModulePath).Setup<string?>("timeZone").SetException(new JSException("Intl is missing"));

        var cut = RenderTime(Moment);

        cut.WaitForState(() => JSInterop.Invocations.Any(i => i.Identifier == "timeZone"));
        Assert.Equal("2026-03-02 09:30:15 UTC", cut.Find("time#t").TextContent);
    }

    [Fact]
    public void The_browser_is_asked_once_per_circuit_however_many_times_are_shown()
    {
        BrowserIsIn("Asia/Tokyo");

        var first = RenderTime(Moment);
        var second = RenderTime(Moment.AddHours(1));

        first.WaitForAssertion(() => Assert.Equal("2026-03-02 18:30:15", first.Find("time#t").TextContent));
        second.WaitForAssertion(() => Assert.Equal("2026-03-02 19:30:15", second.Find("time#t").TextContent));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "timeZone");
    }

    [Fact]
    public async Task A_day_typed_by_the_viewer_starts_at_their_midnight_or_the_first_time_after_a_skipped_one()
    {
        BrowserIsIn("America/New_York");
        var zones = Services.GetRequiredService<BrowserTimeZone>();
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), zones.StartOfDay(new DateOnly(2026, 3, 2))); // unknown yet: UTC

        await zones.ResolveAsync();

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 5, 0, 0, TimeSpan.Zero), zones.StartOfDay(new DateOnly(2026, 3, 2)));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 4, 0, 0, TimeSpan.Zero), zones.StartOfDay(new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public async Task Where_daylight_saving_skips_midnight_the_day_starts_at_the_first_local_time_that_exists()
    {
        BrowserIsIn("America/Santiago");
        var zones = Services.GetRequiredService<BrowserTimeZone>();
        var santiago = (await zones.ResolveAsync())!;
        // Chile moves its clocks forward at midnight: find that day in 2026 from the zone's own rules.
        var gapDay = Enumerable.Range(0, 365).Select(d => new DateOnly(2026, 1, 1).AddDays(d))
            .First(d => santiago.IsInvalidTime(d.ToDateTime(TimeOnly.MinValue)));

        var start = zones.StartOfDay(gapDay);

        var local = TimeZoneInfo.ConvertTime(start, santiago);
        Assert.Equal(gapDay, DateOnly.FromDateTime(local.DateTime));
        Assert.Equal(new TimeOnly(1, 0), TimeOnly.FromDateTime(local.DateTime));
    }
}
