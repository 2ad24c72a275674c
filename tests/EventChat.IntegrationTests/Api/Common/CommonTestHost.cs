using EventChat.Api.Common;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>
/// A host with only the common ground (<see cref="ApiCommon"/>), JWT authentication with Program's fallback policy
/// (authenticated unless a route allows anonymous callers), and the routes a test maps, on the in-memory test
/// server, with its own content root (so its own <c>logs/app.log</c>). Needs no database: it exercises what every
/// route inherits without depending on any feature's routes.
/// </summary>
public sealed class CommonTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _contentRoot;

    private CommonTestHost(WebApplication app, string contentRoot)
    {
        _app = app;
        _contentRoot = contentRoot;
    }

    public string LogFile => EventChat.Infrastructure.Logging.EventChatLogging.LogFilePath(_contentRoot);

    public static async Task<CommonTestHost> StartAsync(string environment, Action<WebApplication> mapRoutes)
    {
        ArgumentNullException.ThrowIfNull(mapRoutes);
        var contentRoot = Directory.CreateTempSubdirectory("eventchat-common-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = contentRoot });
        builder.WebHost.UseTestServer();
        var settings = TestSettings.Current;
        builder.AddApiCommon(settings);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // As in the product: no fallback policy; routes that need a token say so.
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseApiCommon(settings);
        app.UseAuthentication();
        app.UseAuthorization();
        mapRoutes(app);
        app.MapApiDocs(settings);
        await app.StartAsync();
        return new CommonTestHost(app, contentRoot);
    }

    public HttpClient CreateClient() => _app.GetTestClient();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
