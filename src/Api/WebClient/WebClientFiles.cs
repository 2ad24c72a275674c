using EventChat.Infrastructure.Configuration;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace EventChat.Api.WebClient;

/// <summary>
/// The web client (docs/web-client.md): static files under <c>/app</c>, from <c>wwwroot/app</c>. <c>/app</c> redirects
/// to <c>/app/</c>, which serves <c>index.html</c>. No authentication: the page signs in through the public API.
/// </summary>
public static class WebClientFiles
{
    public const string Path = "/app";

    /// <summary>
    /// The page runs no inline script or style, talks only to its own origin (REST and the hub), and shows images from
    /// presigned object-store URLs, which live on another origin (any, since the store's public address is not known
    /// here) or as <c>blob:</c> previews before an upload.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: http: https:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseWebClient(this WebApplication app, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        var root = FindRoot(app.Environment);
        if (root is null)
        {
            app.Logger.LogWarning("The web client's files (wwwroot/app) were not found; /app is not served");
            return app;
        }

        // `make run` prints the address too, before the build; this line comes once the Api listens.
        // (:l: Serilog writes the strings as they are, without quotes.)
        var clientUrl = $"http://localhost:{settings.Port}{Path}/";
        var apiUrl = $"http://localhost:{settings.Port}/{settings.ApiPrefix}";
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation("Web client at {WebClientUrl:l} (the API at {ApiUrl:l})", clientUrl, apiUrl));

        app.UseFileServer(new FileServerOptions
        {
            RequestPath = Path,
            FileProvider = new PhysicalFileProvider(root),
            EnableDefaultFiles = true,
            StaticFileOptions =
            {
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = context =>
                {
                    var headers = context.Context.Response.Headers;
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    // Small files without fingerprints: revalidate each time (ETag / Last-Modified answer 304).
                    headers.CacheControl = "no-cache";
                },
            },
        });
        return app;
    }

    /// <summary>
    /// <c>wwwroot/app</c> under the content root (the project folder with <c>make run</c> and in tests), else beside
    /// the assembly (a published Api whose content root is elsewhere, as in the container: WORKDIR /app, files in
    /// /app/api/wwwroot).
    /// </summary>
    private static string? FindRoot(IWebHostEnvironment environment)
    {
        string[] candidates =
        [
            System.IO.Path.Combine(environment.ContentRootPath, "wwwroot", "app"),
            System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "app"),
        ];
        return candidates.FirstOrDefault(Directory.Exists);
    }
}
