using EventChat.Infrastructure.Realtime;

namespace EventChat.Api.Realtime;

public static class ChatHubEndpoint
{
    public const string Path = "/hubs/chat";

    /// <summary>
    /// Maps the hub. Only authenticated callers connect (negotiate and the WebSocket upgrade are 401 without a valid
    /// access token of a live session); the connection closes when its token expires; CORS is the default policy
    /// (<c>WS_CORS_ORIGIN</c>).
    /// </summary>
    public static WebApplication MapChatHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<ChatHub>(Path, options => options.CloseOnAuthenticationExpiration = true).RequireAuthorization();
        return app;
    }
}
