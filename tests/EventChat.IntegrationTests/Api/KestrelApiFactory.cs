using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;

namespace EventChat.IntegrationTests.Api;

/// <summary>
/// The real Api on Kestrel (a free port on loopback) instead of the in-memory test server: for what only a real
/// server does, such as enforcing the request body limit while the body is read.
/// </summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Program listens on PORT (3000, shared with `make run`): here only a free port on loopback.
        builder.UseUrls("http://127.0.0.1:0");
    }
}
