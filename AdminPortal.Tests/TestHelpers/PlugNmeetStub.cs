using System.Net;
using AdminPortal.PlugNmeet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdminPortal.Tests.TestHelpers;

public enum PlugNmeetStubMode
{
    /// <summary>Passes every request on to the upstream sandbox unchanged.</summary>
    Healthy,

    /// <summary>Re-signs the body with another secret before passing it on, as a portal with the wrong ApiSecret would; the sandbox answers its real 401.</summary>
    WrongSecret,

    /// <summary>Answers 200 with an HTML page, as a web server in front of the wrong path would.</summary>
    NotJson,

    /// <summary>Drops the connection without answering.</summary>
    DropConnection,
}

/// <summary>
/// A stand-in plugNmeet server on 127.0.0.1 whose behaviour a test switches at run time: it forwards to a real sandbox,
/// breaks in one of the ways of <see cref="PlugNmeetStubMode"/>, or is stopped so its port refuses connections.
/// </summary>
public sealed class PlugNmeetStub(string upstreamUrl) : IAsyncDisposable
{
    private readonly HttpClient _upstream = new() { BaseAddress = new Uri(upstreamUrl.TrimEnd('/') + "/") };
    private WebApplication? _app;
    private volatile PlugNmeetStubMode _mode;

    /// <summary>Fixed at the first start, so the portal keeps talking to the same address across stops and starts.</summary>
    public int Port { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public PlugNmeetStubMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public bool IsRunning => _app is not null;

    public async Task StartAsync()
    {
        if (_app is not null)
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    /// <summary>Stops listening: connections to <see cref="Port"/> are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var mode = _mode;
        if (mode == PlugNmeetStubMode.DropConnection)
        {
            context.Abort();
            return;
        }
        if (mode == PlugNmeetStubMode.NotJson)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>");
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path.Value!.TrimStart('/'))
        {
            Content = new ByteArrayContent(bytes),
        };
        forward.Content.Headers.ContentType = new("application/json");
        forward.Headers.Add("API-KEY", context.Request.Headers["API-KEY"].ToString());
        forward.Headers.Add("HASH-SIGNATURE", mode == PlugNmeetStubMode.WrongSecret
            ? PlugNmeetSignature.Compute(bytes, "not-the-shared-secret")
            : context.Request.Headers["HASH-SIGNATURE"].ToString());

        using var reply = await _upstream.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)reply.StatusCode;
        context.Response.ContentType = reply.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(await reply.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _upstream.Dispose();
    }
}
