using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Settings;

namespace AdminPortal.Tests.PlugNmeet.Settings;

/// <summary>Precedence per field (configuration, else the saved row, else the sandbox) and the rules typed values must meet.</summary>
public sealed class PlugNmeetSettingsRulesTests
{
    private static readonly (string, string) Sandbox = ("sandbox-key", "sandbox-secret");

    private static readonly PlugNmeetServerSettings Saved = new()
    {
        UseSandbox = false, ServerUrl = "https://saved.example.com/", ClientUrl = "https://client.example.com/conf", ApiKey = "saved-key", TimeoutSeconds = 40,
    };

    [Fact]
    public void Without_configuration_or_a_saved_row_the_sandbox_is_used_with_its_own_credentials()
    {
        var endpoint = PlugNmeetPrecedence.Resolve(new PlugNmeetOptions(), false, null, null, Sandbox);
        Assert.Equal(new PlugNmeetEndpoint(true, null, null, "sandbox-key", "sandbox-secret", 15), endpoint);
    }

    [Fact]
    public void A_saved_server_applies_when_configuration_sets_nothing()
    {
        var endpoint = PlugNmeetPrecedence.Resolve(new PlugNmeetOptions(), false, Saved, "saved-secret", Sandbox);
        Assert.Equal(new PlugNmeetEndpoint(false, new Uri("https://saved.example.com"), new Uri("https://client.example.com/conf"), "saved-key", "saved-secret", 40),
            endpoint);
        Assert.DoesNotContain("saved-secret", endpoint.ToString());
    }

    [Fact]
    public void Configuration_wins_field_by_field_over_the_saved_row()
    {
        var configured = new PlugNmeetOptions { ServerUrl = "https://configured.example.com", ApiKey = "configured-key", ApiSecret = "configured-secret", TimeoutSeconds = 7 };
        var endpoint = PlugNmeetPrecedence.Resolve(configured, true, Saved, "saved-secret", Sandbox);
        Assert.Equal(("https://configured.example.com/", "configured-key", "configured-secret", 7),
            (endpoint.ServerUrl!.AbsoluteUri, endpoint.ApiKey, endpoint.ApiSecret, endpoint.TimeoutSeconds));

        var server = PlugNmeetPrecedence.Resolve(new PlugNmeetOptions { ServerUrl = "https://configured.example.com" }, false,
            new PlugNmeetServerSettings { UseSandbox = true, ApiKey = "k" }, "s", Sandbox);
        Assert.False(server.UsesSandbox); // a configured server beats a saved choice of the sandbox
        Assert.Equal(("https://configured.example.com/", "https://configured.example.com/", "k", "s"),
            (server.ServerUrl!.AbsoluteUri, server.ClientUrl!.AbsoluteUri, server.ApiKey, server.ApiSecret));
    }

    [Fact]
    public void A_configured_key_and_secret_without_a_configured_server_are_the_sandbox_s_not_the_saved_server_s()
    {
        var sandboxOwn = new PlugNmeetOptions { ApiKey = "sandbox-own-key", ApiSecret = "sandbox-own-secret" };
        var endpoint = PlugNmeetPrecedence.Resolve(sandboxOwn, false, Saved, "saved-secret", Sandbox);
        Assert.Equal(("https://saved.example.com/", "saved-key", "saved-secret"), (endpoint.ServerUrl!.AbsoluteUri, endpoint.ApiKey, endpoint.ApiSecret));

        var set = PlugNmeetConfigured.From(sandboxOwn, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Assert.Equal((false, false), (set.ApiKey, set.ApiSecret)); // the page lets the Administrator type the server's own
    }

    [Fact]
    public void A_saved_choice_of_the_sandbox_keeps_the_typed_server_but_uses_the_sandbox()
    {
        var endpoint = PlugNmeetPrecedence.Resolve(new PlugNmeetOptions(), false, new PlugNmeetServerSettings { UseSandbox = true, ServerUrl = "https://x.example" }, null, Sandbox);
        Assert.True(endpoint.UsesSandbox);
    }

    [Theory]
    [InlineData("ftp://meet.example.com", "", "k", "s", 15, "ServerUrl", "The server URL must be an absolute http:// or https:// URL, e.g. https://plugnmeet.example.com.")]
    [InlineData("https://meet.example.com", "", "", "s", 15, "ApiKey", "The API key is required when the server URL is set.")]
    [InlineData("https://meet.example.com", "", "k", "", 15, "NewSecret", "A secret is required when the server URL is set.")]
    [InlineData("https://meet.example.com", "http://meet.example.com", "k", "s", 15, "ClientUrl",
        "The client URL (or the server URL, which it defaults to) is http://meet.example.com: the plugNmeet client refuses to run over http unless the host is exactly localhost. Use https://.")]
    [InlineData("https://meet.example.com", "", "k", "s", 0, "TimeoutSeconds", "The timeout must be between 1 and 300.")]
    [InlineData("https://meet.example.com", "", "k", "s", 301, "TimeoutSeconds", "The timeout must be between 1 and 300.")]
    [InlineData("https://meet.example.com/a b", "", "k", "s", 15, "ServerUrl", null)]
    [InlineData("https://meet.example.com", "", "clé", "s", 15, "ApiKey", "The API key may contain only printable ASCII characters (letters, digits, punctuation).")]
    [InlineData("https://meet.example.com", "", "k\u0001ey", "s", 15, "ApiKey", "The API key may contain only printable ASCII characters (letters, digits, punctuation).")]
    public void Typed_values_are_checked_with_the_configuration_rules_and_named_by_field(string server, string client, string key, string secret, int timeout,
        string field, string? message)
    {
        var form = new PlugNmeetSettingsForm { UseSandbox = false, ServerUrl = server, ClientUrl = client, ApiKey = key, NewSecret = secret, TimeoutSeconds = timeout };
        var problems = PlugNmeetSettingsRules.Check(PlugNmeetSettingsRules.Merge(new PlugNmeetOptions(), new(false, false, false, false, false), form, null), form);
        Assert.Equal([field], problems.Keys);
        if (message is not null)
        {
            Assert.Equal(message, problems[field]);
        }
    }

    [Fact]
    public void The_stored_secret_counts_and_configured_fields_are_taken_as_configured()
    {
        var form = new PlugNmeetSettingsForm { UseSandbox = false, ServerUrl = "https://meet.example.com", ApiKey = "k", TimeoutSeconds = 0 };
        var merged = PlugNmeetSettingsRules.Merge(new PlugNmeetOptions { TimeoutSeconds = 20 }, new(false, false, false, false, true), form, "stored");
        Assert.Empty(PlugNmeetSettingsRules.Check(merged, form));
        Assert.Equal(("stored", 20), (merged.ApiSecret, merged.TimeoutSeconds));
    }

    [Fact]
    public void The_sandbox_needs_no_server_key_or_secret()
    {
        var form = new PlugNmeetSettingsForm { UseSandbox = true, ServerUrl = "not a url" };
        Assert.Empty(PlugNmeetSettingsRules.Check(PlugNmeetSettingsRules.Merge(new PlugNmeetOptions(), new(false, false, false, false, false), form, null), form));
    }
}
