using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Staff;

public sealed class StaffServiceTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private AsyncServiceScope _scope;
    private StaffService _staff = default!;
    private StaffActor _admin = default!;

    public async Task InitializeAsync()
    {
        await _portal.CreateAdministratorAsync();
        _scope = _portal.Services.CreateAsyncScope();
        _staff = _scope.ServiceProvider.GetRequiredService<StaffService>();
        _admin = await _portal.ActorAsync();
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _portal.DisposeAsync();
    }

    private async Task<StaffMember> MemberAsync(string email) => (await _staff.ListAsync(_admin)).Single(m => m.Email == email);

    [Fact]
    public async Task The_last_active_administrator_can_be_neither_disabled_nor_demoted()
    {
        Assert.Equal("This is the last active Administrator and cannot be disabled.", (await _staff.SetDisabledAsync(_admin, _admin.UserId, true)).Error);
        Assert.Equal("This is the last active Administrator: make someone else an Administrator first.",
            (await _staff.ChangeRoleAsync(_admin, _admin.UserId, StaffRoles.Moderator)).Error);

        Assert.True((await _staff.CreateAsync(_admin, "second@example.test", "Second", StaffRoles.Administrator, null)).Succeeded);
        var second = await MemberAsync("second@example.test");
        Assert.True((await _staff.ChangeRoleAsync(_admin, second.Id, StaffRoles.Moderator)).Succeeded);
        Assert.Equal(StaffRoles.Moderator, (await MemberAsync("second@example.test")).Role);
        Assert.False((await _staff.SetDisabledAsync(_admin, _admin.UserId, true)).Succeeded);

        Assert.True((await _staff.ChangeRoleAsync(_admin, second.Id, StaffRoles.Administrator)).Succeeded);
        Assert.True((await _staff.SetDisabledAsync(_admin, second.Id, true)).Succeeded);
        Assert.False((await _staff.ChangeRoleAsync(_admin, _admin.UserId, StaffRoles.Helpdesk)).Succeeded); // the other one is disabled
    }

    [Fact]
    public async Task Created_accounts_get_a_one_time_password_that_signs_in_and_disabling_stops_sign_in()
    {
        var created = await _staff.CreateAsync(_admin, "helpdesk@example.test", "Help Desk", StaffRoles.Helpdesk, null);
        Assert.True(created.Succeeded, created.Error);
        Assert.Equal(16, created.GeneratedPassword!.Length);
        using var http = new PortalHttp(_portal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("helpdesk@example.test", created.GeneratedPassword)).StatusCode);

        var member = await MemberAsync("helpdesk@example.test");
        Assert.True((await _staff.SetDisabledAsync(_admin, member.Id, true)).Succeeded);
        using var again = new PortalHttp(_portal);
        var refused = await again.SignInAsync("helpdesk@example.test", created.GeneratedPassword);
        Assert.Contains("this account is disabled", await refused.Content.ReadAsStringAsync());
        Assert.Null(await _portal.ActorAsync("helpdesk@example.test"));

        Assert.True((await _staff.SetDisabledAsync(_admin, member.Id, false)).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await again.SignInAsync("helpdesk@example.test", created.GeneratedPassword)).StatusCode);
    }

    [Fact]
    public async Task Typed_passwords_follow_the_rules_and_duplicates_are_refused()
    {
        Assert.Contains("at least 10 characters", (await _staff.CreateAsync(_admin, "short@example.test", "S", StaffRoles.Moderator, "Ab1")).Error);
        Assert.True((await _staff.CreateAsync(_admin, "mod@example.test", "Mod", StaffRoles.Moderator, "Typed-Password-1")).Succeeded);
        Assert.NotNull((await _staff.CreateAsync(_admin, "mod@example.test", "Mod", StaffRoles.Moderator, "Typed-Password-1")).Error);
    }

    [Fact]
    public async Task Unlock_and_reset_password_work_and_every_change_is_audited()
    {
        await _staff.CreateAsync(_admin, "mod@example.test", "Mod", StaffRoles.Moderator, "Typed-Password-1");
        using var http = new PortalHttp(_portal);
        for (var i = 0; i < 5; i++)
        {
            await http.SignInAsync("mod@example.test", "wrong-password-1");
        }
        var locked = await MemberAsync("mod@example.test");
        Assert.NotNull(locked.LockedUntil);

        Assert.True((await _staff.UnlockAsync(_admin, locked.Id)).Succeeded);
        var reset = await _staff.ResetPasswordAsync(_admin, locked.Id, null);

        Assert.Null((await MemberAsync("mod@example.test")).LockedUntil);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("mod@example.test", reset.GeneratedPassword!)).StatusCode);
        var db = _scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var details = await db.AuditEntries.Where(e => e.Kind == AuditKinds.AccountChanged).Select(e => e.Detail).ToListAsync();
        Assert.Equal(["created mod@example.test (Mod) as Moderator, password typed", "unlocked mod@example.test",
            "reset the password of mod@example.test (generated)"], details);
    }

    [Fact]
    public async Task Two_administrators_demoting_each_other_at_once_leave_one_administrator()
    {
        await _staff.CreateAsync(_admin, "second@example.test", "Second", StaffRoles.Administrator, null);
        var second = await _portal.ActorAsync("second@example.test");

        var results = await Task.WhenAll(
            Task.Run(() => _staff.ChangeRoleAsync(_admin, second.UserId, StaffRoles.Moderator)),
            Task.Run(() => _staff.ChangeRoleAsync(second, _admin.UserId, StaffRoles.Moderator)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await _staff.ListAsync(await _portal.ActorAsync(results[0].Succeeded ? PortalFactory.AdminEmail : "second@example.test")),
            m => m.Role == StaffRoles.Administrator);
    }

    [Fact]
    public async Task Only_the_right_password_learns_that_an_account_is_disabled()
    {
        await _staff.CreateAsync(_admin, "gone@example.test", "Gone", StaffRoles.Moderator, "Typed-Password-1");
        await _staff.SetDisabledAsync(_admin, (await MemberAsync("gone@example.test")).Id, true);
        using var http = new PortalHttp(_portal);

        var wrong = await (await http.SignInAsync("gone@example.test", "Not-The-Password-1")).Content.ReadAsStringAsync();
        var right = await (await http.SignInAsync("gone@example.test", "Typed-Password-1")).Content.ReadAsStringAsync();

        Assert.Contains("wrong email or password", wrong);
        Assert.DoesNotContain("account is disabled", wrong);
        Assert.Contains("this account is disabled", right);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@at@example.test")]
    [InlineData("   ")]
    public async Task An_address_sign_in_would_refuse_creates_nothing(string email)
    {
        var result = await _staff.CreateAsync(_admin, email, "Nobody", StaffRoles.Helpdesk, null);

        Assert.Equal((StaffService.InvalidEmailMessage, true), (result.Error, result.AboutEmail));
        Assert.Single(await _staff.ListAsync(_admin));
        var db = _scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Kind == AuditKinds.AccountChanged));
    }

    [Fact]
    public async Task A_taken_e_mail_is_reported_in_plain_words_and_a_rename_is_audited()
    {
        var taken = await _staff.CreateAsync(_admin, PortalFactory.AdminEmail.ToUpperInvariant(), "Twin", StaffRoles.Helpdesk, null);
        Assert.Equal((StaffService.DuplicateEmailMessage, true), (taken.Error, taken.AboutEmail));

        Assert.Equal("Enter a display name.", (await _staff.RenameAsync(_admin, _admin.UserId, "  ")).Error);
        Assert.Equal("The display name is too long: at most 100 characters (now 101).", (await _staff.RenameAsync(_admin, _admin.UserId, new string('n', 101))).Error);
        Assert.True((await _staff.RenameAsync(_admin, _admin.UserId, " Grace Hopper ")).Succeeded);

        Assert.Equal("Grace Hopper", (await MemberAsync(PortalFactory.AdminEmail)).DisplayName);
        var db = _scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var detail = await db.AuditEntries.Where(e => e.Kind == AuditKinds.AccountChanged).Select(e => e.Detail).SingleAsync();
        Assert.StartsWith($"renamed {PortalFactory.AdminEmail} from ", detail);
        Assert.EndsWith(" to Grace Hopper", detail);
    }

    [Fact]
    public async Task The_setup_account_is_an_administrator()
    {
        var users = _scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(PortalFactory.AdminEmail);
        Assert.Equal([StaffRoles.Administrator], await users.GetRolesAsync(admin!));
    }
}
