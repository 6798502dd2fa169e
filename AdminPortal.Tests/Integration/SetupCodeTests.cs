using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Integration;

/// <summary>Issue 8 §3: first-run setup needs the one-time code from the server log, asks for a display name and is audited.</summary>
public sealed class SetupCodeTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_log_announces_a_random_setup_code_and_where_to_enter_it_as_a_multi_line_warning()
    {
        var code = _portal.SetupCode();
        var line = Assert.Single(_portal.Logs.Lines, l => l.Contains(code, StringComparison.Ordinal));

        Assert.StartsWith("Warning AdminPortal.Setup.FirstRunSetup:", line);
        Assert.Contains("open /setup", line);
        Assert.True(line.Split('\n').Length >= 5, line);
        Assert.Equal(20, code.Count(char.IsLetterOrDigit)); // 20 characters from an alphabet of 32: 100 bits

        await using var other = new PortalFactory();
        Assert.NotEqual(code, other.SetupCode());
    }

    [Fact]
    public async Task A_portal_that_starts_with_an_account_announces_no_code()
    {
        var database = Path.Combine(Path.GetTempPath(), $"adminportal-test-{Guid.NewGuid():N}.db");
        try
        {
            await using (var first = new PortalFactory { Settings = { ["ConnectionStrings:DefaultConnection"] = $"DataSource={database}" } })
            {
                Assert.NotEmpty(first.SetupCode());
                await first.CreateAdministratorAsync();
            }
            await using var restarted = new PortalFactory { Settings = { ["ConnectionStrings:DefaultConnection"] = $"DataSource={database}" } };
            _ = restarted.BaseUrl;

            Assert.DoesNotContain(restarted.Logs.Lines, l => l.Contains("setup code", StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(database);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAAA-AAAAA-AAAAA-AAAAA")]
    [InlineData("a-very-long-wrong-code-that-is-not-it-at-all-0123456789-0123456789-0123456789")]
    public async Task A_wrong_code_is_refused_next_to_its_field_and_nothing_is_created(string code)
    {
        using var http = new PortalHttp(_portal);

        var refused = await SetupAsync(http, code);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Matches("id=\"Input.SetupCode\"[^>]*>\\s*<small[^>]*>[^<]*</small>\\s*<div class=\"field-error[^\"]*\">(That is not the setup code|Enter the setup code)", body);
        Assert.Equal(0, await CountAsync(db => db.Users));
        Assert.Equal(0, await CountAsync(db => db.AuditEntries));
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task The_code_is_accepted_without_dashes_or_case_and_creation_and_first_sign_in_are_audited()
    {
        using var http = new PortalHttp(_portal);

        var created = await SetupAsync(http, _portal.SetupCode().Replace("-", " ").ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("")).StatusCode);
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal("Ada Admin", (await db.Users.SingleAsync()).DisplayName);
        var entries = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditKinds.AccountChanged, AuditKinds.SignIn], entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal((PortalFactory.AdminEmail, "Administrator"), (e.Actor, e.ActorRole)));
        Assert.Contains("first-run setup", entries[0].Detail);
        Assert.Single(await db.StaffSessions.ToListAsync());
        Assert.DoesNotContain(_portal.Logs.Lines, l => l.Contains(PortalFactory.AdminPassword, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Enter your name as other staff should see it.")]
    [InlineData("   ", "Enter your name as other staff should see it.")]
    [InlineData("101", "The display name can be at most 100 characters long.")]
    public async Task The_display_name_is_required_and_at_most_100_characters(string name, string message)
    {
        using var http = new PortalHttp(_portal);

        var refused = await SetupAsync(http, _portal.SetupCode(), name == "101" ? new string('n', 101) : name);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(message, await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(db => db.Users));
    }

    private Task<HttpResponseMessage> SetupAsync(PortalHttp http, string code, string displayName = "Ada Admin") =>
        http.SubmitFormAsync("setup", "setup", new Dictionary<string, string>
        {
            ["Input.SetupCode"] = code, ["Input.Email"] = PortalFactory.AdminEmail, ["Input.DisplayName"] = displayName,
            ["Input.Password"] = PortalFactory.AdminPassword, ["Input.ConfirmPassword"] = PortalFactory.AdminPassword,
        });

    private async Task<int> CountAsync<T>(Func<ApplicationDbContext, IQueryable<T>> set)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await set(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>()).CountAsync();
    }
}
