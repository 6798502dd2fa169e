using AdminPortal.PlugNmeet;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>Builds a real <see cref="PlugNmeetClient"/> pointed at a configured server, over any handler.</summary>
public static class PlugNmeetClients
{
    public const string ApiKey = "test-key";
    public const string ApiSecret = "test-secret";

    public static PlugNmeetConnection Connection(string serverUrl = "http://plugnmeet.test", string? clientUrl = null)
    {
        var connection = new PlugNmeetConnection(
            Options.Create(new PlugNmeetOptions { ServerUrl = serverUrl, ApiKey = ApiKey, ApiSecret = ApiSecret, ClientUrl = clientUrl }),
            new NoServer());
        connection.UseCredentials(ApiKey, ApiSecret);
        return connection;
    }

    public static PlugNmeetClient Create(HttpMessageHandler handler, PlugNmeetConnection? connection = null, TimeSpan? timeout = null) =>
        new(new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(15) }, connection ?? Connection(),
            new PlugNmeetMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()),
            NullLogger<PlugNmeetClient>.Instance);

    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();
        public void Dispose() { }
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
