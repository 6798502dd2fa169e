using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>A misbehaving "plugNmeet server" on 127.0.0.1: answers every request with whatever <see cref="Reply"/> writes.</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app) => _app = app;

    public Func<HttpContext, Task> Reply { get; set; } = context => context.Response.WriteAsync("<html><body>Welcome to nginx!</body></html>");

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Run(context => upstream.Reply(context));
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
