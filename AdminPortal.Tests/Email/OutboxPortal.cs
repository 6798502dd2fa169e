using AdminPortal.Data;
using AdminPortal.Email;
using AdminPortal.Email.Outbox;
using AdminPortal.Invites;
using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Email;

/// <summary>
/// Portals for the outbox tests: each on a SQLite file in a folder of the test's own (so several instances, and an instance started
/// again, share the database and the key ring beside it), with a public address and a one-second poll on the fake clock.
/// </summary>
internal sealed class OutboxPortals : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://portal.example.test";
    private readonly string _folder = Directory.CreateTempSubdirectory("outbox-test-").FullName;
    private readonly List<PortalFactory> _started = [];

    /// <param name="publicBaseUrl">Invites:PublicBaseUrl; null: not set (links use the address staff reached the portal on).</param>
    public PortalFactory Start(string? publicBaseUrl = PublicBaseUrl)
    {
        var portal = new PortalFactory();
        portal.Settings["ConnectionStrings:DefaultConnection"] = $"DataSource={Path.Combine(_folder, "portal.db")}";
        if (publicBaseUrl is not null)
        {
            portal.Settings["Invites:PublicBaseUrl"] = publicBaseUrl;
        }
        portal.Settings["Email:Outbox:PollSeconds"] = "1";
        _started.Add(portal);
        _ = portal.BaseUrl;
        return portal;
    }

    public static async Task UseSmtpAsync(PortalFactory portal, SmtpTestServer server)
    {
        var problems = await portal.Services.GetRequiredService<EmailSettingsService>().SaveAsync(await portal.ActorAsync(), new EmailSettingsForm
        {
            Host = server.Host, Port = server.Port, Security = SmtpSecurity.None, SenderName = "Example School", SenderAddress = "portal@example.com",
        });
        Assert.Empty(problems);
    }

    /// <summary>A personal invite for "Ann" with <paramref name="email"/>, made on <paramref name="portal"/>.</summary>
    public static async Task<Invite> InviteAsync(PortalFactory portal, string? email = "ann@example.org", string room = "outbox-room")
    {
        var outcome = await TestInvites.CreateAsync(portal, room);
        await using var db = await Database(portal);
        await db.Invites.Where(i => i.Id == outcome.Invite!.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.Email, email));
        return await db.Invites.AsNoTracking().SingleAsync(i => i.Id == outcome.Invite!.Id);
    }

    public static Task<ApplicationDbContext> Database(PortalFactory portal) =>
        portal.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    public static async Task<List<OutboxMessage>> MessagesAsync(PortalFactory portal)
    {
        await using var db = await Database(portal);
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>
    /// Moves the portals' clocks on a poll at a time until <paramref name="done"/> holds (a bounded wait, not a timing assertion):
    /// the senders wait on the fake clock, and retries are due minutes later.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> done, params PortalFactory[] portals)
    {
        for (var round = 0; !await done(); round++)
        {
            Assert.True(round < 600, "The outbox did not get there within 600 polls.");
            foreach (var portal in portals)
            {
                portal.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var portal in _started)
        {
            await portal.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
