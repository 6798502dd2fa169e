using System.Net;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Integration;

/// <summary>Issue 8 §3: the sign-in form refuses oversized input before doing anything, and failed sign-ins are throttled.</summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Theory]
    [InlineData(257, 10, "An email address has at most 256 characters.")]
    [InlineData(20, 129, "A password has at most 128 characters.")]
    [InlineData(5_000, 10, "An email address has at most 256 characters.")]
    public async Task Oversized_input_is_refused_next_to_the_field_without_an_audit_entry(int emailLength, int passwordLength, string message)
    {
        using var http = new PortalHttp(_portal);
        var email = new string('e', emailLength - "@example.test".Length) + "@example.test";

        var refused = await http.SignInAsync(email, new string('P', passwordLength));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"<div class=\"field-error\">{message}</div>", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await AuditCountAsync());
    }

    [Fact]
    public async Task An_e_mail_of_exactly_256_characters_is_still_checked_and_audited_in_full()
    {
        using var http = new PortalHttp(_portal);
        var email = new string('e', 256 - "@example.test".Length) + "@example.test";

        var wrong = await http.SignInAsync(email, "Wrong-Password-1");

        Assert.Contains("wrong email or password", await wrong.Content.ReadAsStringAsync());
        await using var scope = _portal.Services.CreateAsyncScope();
        Assert.Equal(email, (await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.SingleAsync()).Actor);
    }

    [Fact]
    public async Task Ten_failures_from_one_address_throttle_it_for_a_minute_with_429_and_Retry_After()
    {
        using var http = new PortalHttp(_portal);
        for (var i = 0; i < 10; i++)
        {
            // Ten different e-mails, so only the address budget is used up.
            Assert.Equal(HttpStatusCode.OK, (await http.SignInAsync($"guess-{i}@example.test", "Wrong-Password-1")).StatusCode);
        }
        var audited = await AuditCountAsync();

        var throttled = await http.SignInAsync(); // even the right password waits
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), throttled.Headers.RetryAfter!.Delta);
        Assert.Contains("too many failed sign-ins. Wait a minute, then try again.", await throttled.Content.ReadAsStringAsync());
        Assert.Equal(audited, await AuditCountAsync());

        _portal.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
    }

    [Fact]
    public async Task Failures_against_one_account_throttle_that_account_but_not_others_from_the_same_address()
    {
        await using var portal = new PortalFactory { Settings = { ["SignIn:FailuresPerMinutePerAccount"] = "3" } };
        await portal.CreateAdministratorAsync();
        await portal.CreateStaffAsync("other@example.test", AdminPortal.Staff.StaffRoles.Moderator);
        using var http = new PortalHttp(portal);
        for (var i = 0; i < 3; i++)
        {
            await http.SignInAsync(password: "Wrong-Password-1");
        }

        var throttled = await http.SignInAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("OTHER@example.test")).StatusCode);

        portal.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), (await http.SignInAsync(" Admin@Example.test")).Headers.RetryAfter!.Delta);
        portal.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.CountAsync();
    }
}
