using AdminPortal.Invites;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>The portal with the invite-use fault hook registered (production never registers it).</summary>
internal sealed class FaultyPortal : PortalFactory
{
    public FaultyPortal() => Settings["Invites:OpensPerMinute"] = "1000";

    public InviteUseFaults Faults { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(Faults));
    }
}
