using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>The Api on Kestrel (a free loopback port), so the SignalR client connects over real WebSockets.</summary>
public sealed class RealtimeApiFactory : ApiFactory
{
    public RealtimeApiFactory() => UseKestrel(0);

    /// <summary>Where the server listens (after the host started).</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseUrls("http://127.0.0.1:0");
    }
}
