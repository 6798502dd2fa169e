using System.Net;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Limits;
using AdminPortal.Presets;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.PostgreSql;

/// <summary>
/// Issue 9: the rules that used to hold in one process hold across two instances on one PostgreSQL database: first-run setup,
/// the last Administrator, and the per-client budgets of /j/ and of sign-in.
/// </summary>
public sealed class SharedRulesTests(PostgreSqlCluster cluster) : IClassFixture<PostgreSqlCluster>, IAsyncDisposable
{
    private readonly List<PortalFactory> _portals = [];

    async ValueTask IAsyncDisposable.DisposeAsync() => await Task.WhenAll(_portals.Select(p => p.DisposeAsync().AsTask()));

    private async Task<(PortalFactory First, PortalFactory Second)> TwoInstancesAsync(params (string Key, string Value)[] settings)
    {
        var database = await cluster.CreateDatabaseAsync();
        var pair = Enumerable.Range(0, 2).Select(_ =>
        {
            var portal = new PortalFactory { Settings = { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:DefaultConnection"] = database } };
            foreach (var (key, value) in settings)
            {
                portal.Settings[key] = value;
            }
            _portals.Add(portal);
            return portal;
        }).ToList();
        // Start both together, as two services on one host would.
        await Task.WhenAll(pair.Select(p => Task.Run(() => p.BaseUrl)));
        return (pair[0], pair[1]);
    }

    [Fact]
    public async Task Either_instances_setup_code_works_on_both_and_two_setups_at_once_create_one_administrator()
    {
        var (first, second) = await TwoInstancesAsync();
        Assert.NotEqual(first.SetupCode(), second.SetupCode());
        using var onFirst = new PortalHttp(first);
        using var onSecond = new PortalHttp(second);

        // Each browser types the code of the *other* instance's log.
        var answers = await Task.WhenAll(
            SetupAsync(onFirst, second.SetupCode(), "first@example.test"),
            SetupAsync(onSecond, first.SetupCode(), "second@example.test"));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        var refused = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Redirect);
        Assert.True(refused.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, refused.StatusCode.ToString());
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Empty(await db.SetupCodes.ToListAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await onFirst.GetAsync("setup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onSecond.GetAsync("setup")).StatusCode);
    }

    private static Task<HttpResponseMessage> SetupAsync(PortalHttp http, string code, string email) => http.SubmitFormAsync("setup", "setup",
        new Dictionary<string, string>
        {
            ["Input.SetupCode"] = code, ["Input.Email"] = email, ["Input.DisplayName"] = email,
            ["Input.Password"] = PortalFactory.AdminPassword, ["Input.ConfirmPassword"] = PortalFactory.AdminPassword,
        });

    [Fact]
    public async Task A_stopped_instances_setup_code_stops_working()
    {
        var (first, second) = await TwoInstancesAsync();
        var code = first.SetupCode();
        await first.DisposeAsync();
        using var http = new PortalHttp(second);

        var answer = await SetupAsync(http, code, "late@example.test");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("That is not the setup code", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_administrators_on_two_instances_demoting_each_other_at_once_always_leave_one()
    {
        var (first, second) = await TwoInstancesAsync();
        await first.CreateAdministratorAsync();
        await first.CreateStaffAsync("second@example.test", StaffRoles.Administrator);
        var ada = await first.ActorAsync();
        var bob = await second.ActorAsync("second@example.test");
        var onFirst = first.Services.GetRequiredService<StaffService>();
        var onSecond = second.Services.GetRequiredService<StaffService>();

        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(
                Task.Run(() => onFirst.ChangeRoleAsync(ada, bob.UserId, StaffRoles.Moderator)),
                Task.Run(() => onSecond.ChangeRoleAsync(bob, ada.UserId, StaffRoles.Moderator)));

            Assert.Single(results, r => r.Succeeded);
            Assert.Equal("This is the last active Administrator: make someone else an Administrator first.", Assert.Single(results, r => !r.Succeeded).Error);
            // The one still an Administrator makes the other one again, for the next round.
            var (winner, loserId, service) = results[0].Succeeded ? (ada, bob.UserId, onFirst) : (bob, ada.UserId, onSecond);
            Assert.True((await service.ChangeRoleAsync(winner, loserId, StaffRoles.Administrator)).Succeeded);
        }
    }

    [Fact]
    public async Task Settings_saved_on_both_instances_at_once_on_a_new_database_make_one_row_each()
    {
        var (first, second) = await TwoInstancesAsync();
        await first.CreateAdministratorAsync();
        var admin = await first.ActorAsync();

        // Any unique-key collision would surface here as an exception.
        await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<PresetService>().SetPresetsOnlyAsync(admin, StaffRoles.Helpdesk, true)),
            Task.Run(() => second.Services.GetRequiredService<PresetService>().SetPresetsOnlyAsync(admin, StaffRoles.Helpdesk, false)),
            Task.Run(() => InviteSettingsAsync(first, admin, 10)),
            Task.Run(() => InviteSettingsAsync(second, admin, 20)));

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Single(await db.RoleSettings.Where(r => r.Role == StaffRoles.Helpdesk).ToListAsync());
        Assert.Contains((await db.InviteSettings.SingleAsync()).MaxValidDays, new[] { 10, 20 });
    }

    private static async Task InviteSettingsAsync(PortalFactory portal, StaffActor admin, int days)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<InviteService>().SaveSettingsAsync(admin, days, "Call the helpdesk."));
    }

    [Fact]
    public async Task A_client_gets_one_budget_of_invite_opens_however_many_instances_it_reaches()
    {
        var (first, second) = await TwoInstancesAsync(("Invites:OpensPerMinute", "6"));
        using var onFirst = new PortalHttp(first);
        using var onSecond = new PortalHttp(second);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await (i % 2 == 0 ? onFirst : onSecond).GetAsync("j/not-a-real-invite-code")).StatusCode);
        }

        // Six answers in all (unknown code: 404), then both instances refuse: not six from each.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, 6), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], statuses);
    }

    [Fact]
    public async Task Failed_sign_ins_count_against_one_budget_on_both_instances()
    {
        var (first, second) = await TwoInstancesAsync(("SignIn:FailuresPerMinutePerAccount", "3"), ("SignIn:FailuresPerMinutePerAddress", "100"));
        await first.CreateAdministratorAsync();
        using var onFirst = new PortalHttp(first);
        using var onSecond = new PortalHttp(second);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await (i % 2 == 0 ? onFirst : onSecond).SignInAsync(PortalFactory.AdminEmail, "Wrong-Password-" + i)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Two_hundred_events_counted_at_once_by_two_instances_are_each_counted_once()
    {
        var (first, second) = await TwoInstancesAsync();
        var counters = new[] { first, second }.Select(p => p.Services.GetRequiredService<IRateCounter>()).ToList();
        Assert.All(counters, c => Assert.IsType<DatabaseRateCounter>(c));

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => counters[i % 2].HitAsync("shared", TimeSpan.FromMinutes(1)))));

        Assert.Equal(Enumerable.Range(1, 200), counts.Select(c => c.Count).Order());
    }
}
