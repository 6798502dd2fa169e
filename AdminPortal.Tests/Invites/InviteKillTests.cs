using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>
/// The built portal runs as a child process on a temporary SQLite file and is killed with SIGKILL while it waits for
/// plugNmeet in the middle of a one-use invite's use. Started again on the same database, the invite works once more
/// after the lease time, and gives exactly one token.
/// </summary>
public sealed class InviteKillTests : IAsyncLifetime
{
    private const int LeaseSeconds = 3;
    private readonly string _directory = Directory.CreateTempSubdirectory("adminportal-kill-").FullName;
    private readonly TaskCompletionSource _waitingForToken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _childOutput = new();
    private FakeUpstream _upstream = default!;
    private volatile bool _hang = true;
    private int _tokensIssued;
    private Process? _child;

    private string Database => Path.Combine(_directory, "portal.db");

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = ReplyAsync;
    }

    public async Task DisposeAsync()
    {
        Kill();
        await _upstream.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>plugNmeet: the room is running; getJoinToken hangs (the portal is mid-use) until the test lets it answer.</summary>
    private async Task ReplyAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (!context.Request.Path.Value!.EndsWith("/getJoinToken", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync("""{"status":true,"msg":"room is active","is_active":true}""");
            return;
        }
        if (_hang)
        {
            _waitingForToken.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The portal that asked was killed.
            }
            return;
        }
        Interlocked.Increment(ref _tokensIssued);
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"exp":4102444800}""")).TrimEnd('=');
        await context.Response.WriteAsync($$"""{"status":true,"msg":"token generated","token":"eyJhbGciOiJIUzI1NiJ9.{{payload}}.c2ln"}""");
    }

    private Dictionary<string, string?> PlugNmeetSettings() => new()
    {
        ["ConnectionStrings:DefaultConnection"] = $"DataSource={Database}",
        ["PlugNmeet:ServerUrl"] = _upstream.Url, ["PlugNmeet:ClientUrl"] = "https://meet.example.test", ["PlugNmeet:ApiKey"] = "kill-key", ["PlugNmeet:ApiSecret"] = "kill-secret-0123456789",
        ["PlugNmeet:TimeoutSeconds"] = "120", ["Invites:UseLeaseSeconds"] = LeaseSeconds.ToString(),
    };

    /// <summary>The database with an administrator and a one-use invite, made by an in-process portal that is then shut down.</summary>
    private async Task<string> PrepareDatabaseAsync()
    {
        await using var portal = new PortalFactory();
        foreach (var (key, value) in PlugNmeetSettings())
        {
            portal.Settings[key] = value;
        }
        await portal.CreateAdministratorAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var now = DateTimeOffset.UtcNow;
        var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
            new JoinLinkForm { RoomId = "kill-room", DisplayName = "Kim Chair", UserId = "kim" },
            new InviteTerms(InviteKind.Personal, now.AddMinutes(-1), now.AddDays(1), 1), await portal.ActorAsync(), new Uri("http://127.0.0.1/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return new Uri(outcome.Url!).AbsolutePath;
    }

    /// <summary>Starts <c>dotnet AdminPortal.dll</c> on the database and waits until it answers; returns its base URL.</summary>
    private async Task<string> StartChildAsync(string invitePath)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AdminPortal.dll") },
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in PlugNmeetSettings())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _child = Process.Start(start)!;
        _child.OutputDataReceived += (_, e) => { lock (_childOutput) { _childOutput.AppendLine(e.Data); } };
        _child.ErrorDataReceived += (_, e) => { lock (_childOutput) { _childOutput.AppendLine(e.Data); } };
        _child.BeginOutputReadLine();
        _child.BeginErrorReadLine();

        var baseUrl = $"http://127.0.0.1:{port}";
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !_child.HasExited)
        {
            try
            {
                await probe.GetAsync(baseUrl + invitePath);
                return baseUrl;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        throw new InvalidOperationException($"The portal did not start:\n{ChildOutput}");
    }

    private string ChildOutput
    {
        get
        {
            lock (_childOutput)
            {
                return _childOutput.ToString();
            }
        }
    }

    private void Kill()
    {
        if (_child is { HasExited: false })
        {
            _child.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
            _child.WaitForExit();
        }
        _child?.Dispose();
        _child = null;
    }

    private async Task<(int Uses, int Leases, int TokensAudited)> StateAsync()
    {
        await using var db = new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>().UseSqlite($"DataSource={Database}").Options);
        return ((await db.Invites.SingleAsync()).Uses, await db.InviteUseLeases.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed && e.TokenSha256 != null));
    }

    [Fact]
    public async Task Killed_mid_use_the_portal_gives_the_use_back_after_the_lease_and_the_invite_gives_exactly_one_token()
    {
        var invitePath = await PrepareDatabaseAsync();
        var first = await StartChildAsync(invitePath);
        using var visitor = new InviteVisitor();
        var token = await visitor.FormTokenAsync(first + invitePath);

        var midUse = visitor.PostAsync(first + invitePath, token);
        await _waitingForToken.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((1, 1, 0), await StateAsync()); // reserved, not confirmed
        Kill();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => midUse);
        Assert.Equal((1, 1, 0), await StateAsync()); // nothing ran on the way down

        _hang = false;
        var second = await StartChildAsync(invitePath);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var opened = await visitor.OpenAsync(second + invitePath);
        // While the dead process's lease lasts the invite is "being opened" (503, try again); once it runs out the use is back.
        while (opened.Status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            opened = await visitor.OpenAsync(second + invitePath);
        }

        Assert.True(opened.Status == HttpStatusCode.SeeOther, $"{opened.Status}: {opened.Body}\n{ChildOutput}");
        Assert.Equal(1, _tokensIssued);
        Assert.Equal((1, 0, 1), await StateAsync());
        Assert.Equal(HttpStatusCode.Gone, (await visitor.OpenAsync(second + invitePath)).Status);
        Assert.Equal(1, _tokensIssued);
    }
}
