using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// A bUnit context with MudBlazor's services, a fake clock and JS interop set up. xunit v2 disposes test classes
/// synchronously, but some MudBlazor services are only IAsyncDisposable, so this also implements
/// <see cref="IAsyncLifetime"/> and disposes asynchronously there (stack notes §4).
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    public const string ServerUrl = "http://plugnmeet.test";
    public const string ApiKey = "test-key";
    public const string ApiSecret = "test-secret-0123456789";

    /// <param name="jsMode">
    /// Strict fails any JS call a test did not set up. MudBlazor's inputs, switches and popovers make many calls of their own,
    /// so whole pages need Loose; explicit setups still answer there and every invocation is still recorded.
    /// </param>
    protected PortalBunitContext(JSRuntimeMode jsMode)
    {
        JSInterop.Mode = jsMode;
        if (jsMode == JSRuntimeMode.Strict)
        {
            // The one call a MudTextField makes on first render: it asks the browser to report blur events.
            JSInterop.SetupVoid("mudElementRef.addOnBlurEvent", _ => true);
        }
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
    }

    /// <summary>The clock components read; it starts on a whole second so JWT <c>exp</c> seconds line up exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    /// <summary>
    /// Registers the real <see cref="JoinLinkService"/> and <see cref="PlugNmeetClient"/>, configured for <see cref="ServerUrl"/>
    /// with <see cref="ApiKey"/> and <see cref="ApiSecret"/>, reaching it only through <paramref name="handler"/>.
    /// </summary>
    protected PlugNmeetConnection AddPlugNmeet(HttpMessageHandler handler)
    {
        var options = Options.Create(new PlugNmeetOptions { ServerUrl = ServerUrl, ApiKey = ApiKey, ApiSecret = ApiSecret });
        var connection = new PlugNmeetConnection(options, new NoServer());
        connection.UseCredentials(ApiKey, ApiSecret);
        Services.AddSingleton(connection);
        // Made by the container, so the container disposes it, and the handler with it.
        Services.AddSingleton(_ => new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) });
        Services.AddSingleton<PlugNmeetClient>();
        Services.AddScoped<JoinLinkService>();
        return connection;
    }

    /// <summary>Renders the popover host first (tooltips and selects need one), then the component.</summary>
    protected IRenderedComponent<TComponent> RenderWithPopovers<TComponent>(
        Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        Render<MudPopoverProvider>();
        return Render(parameters);
    }

    /// <summary>
    /// The validation message MudBlazor shows under the input with this id (the error-styled element the input is
    /// <c>aria-describedby</c>), or null when the input is not marked invalid.
    /// </summary>
    protected static string? ValidationMessage<TComponent>(IRenderedComponent<TComponent> cut, string inputId)
        where TComponent : IComponent
    {
        var input = cut.Find($"input#{inputId}");
        if (input.GetAttribute("aria-invalid") != "true")
        {
            return null;
        }
        var describedBy = input.GetAttribute("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy), $"#{inputId} is marked invalid but is not described by a message");
        var message = cut.Find($"[id='{describedBy}']");
        Assert.NotNull(message.Closest(".mud-input-error"));
        return message.TextContent.Trim();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    /// <summary>Only the sandbox asks the server for its addresses; with a configured ServerUrl it is never consulted.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => throw new NotSupportedException();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
