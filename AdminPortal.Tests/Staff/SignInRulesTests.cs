using System.Net;
using AdminPortal.Components.Account;
using AdminPortal.Staff;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdminPortal.Tests.Staff;

/// <summary>The rules behind sign-in hardening: where a return URL may lead, and how failures are counted.</summary>
public sealed class SignInRulesTests
{
    private static readonly Uri AppBase = new("https://portal.example/");

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("invites", "invites")]
    [InlineData("/audit?room=a", "audit?room=a")]
    [InlineData("https://portal.example/staff#top", "staff#top")]
    [InlineData("https://evil.example/", "")]
    [InlineData("http://portal.example/staff", "")]
    [InlineData("https://portal.example.evil.example/", "")]
    [InlineData("//evil.example", "")]
    [InlineData("/\\evil.example", "")]
    [InlineData("\\\\evil.example", "")]
    [InlineData("javascript:alert(1)", "")]
    [InlineData("/audit\r\nSet-Cookie: x=1", "")]
    public void A_return_url_stays_on_the_site(string? returnUrl, string expected) =>
        Assert.Equal(expected, LocalReturnUrl.Resolve(returnUrl, AppBase));

    [Fact]
    public async Task Addresses_in_one_IPv6_64_share_a_budget_and_IPv4_mapped_addresses_count_as_IPv4()
    {
        var time = new FakeTimeProvider();
        var throttle = new SignInThrottle(Options.Create(new SignInLimits { FailuresPerMinutePerAddress = 2 }), new AdminPortal.Limits.MemoryRateCounter(time), time);

        await throttle.RecordFailureAsync(IPAddress.Parse("2001:db8:1:2::10"), "a@example.test");
        await throttle.RecordFailureAsync(IPAddress.Parse("2001:db8:1:2:ffff::1"), "b@example.test");
        await throttle.RecordFailureAsync(IPAddress.Parse("192.0.2.7"), "c@example.test");
        await throttle.RecordFailureAsync(IPAddress.Parse("::ffff:192.0.2.7"), "d@example.test");

        Assert.NotNull(await throttle.AddressWaitsAsync(IPAddress.Parse("2001:db8:1:2::99")));
        Assert.Null(await throttle.AddressWaitsAsync(IPAddress.Parse("2001:db8:1:3::10")));
        Assert.NotNull(await throttle.AddressWaitsAsync(IPAddress.Parse("192.0.2.7")));
        Assert.Null(await throttle.AddressWaitsAsync(IPAddress.Parse("192.0.2.8")));
    }
}
