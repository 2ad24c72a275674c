using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// The Redis backplane with two changes.
/// <list type="bullet">
/// <item>Pushes to users (<c>Clients.User</c>, <c>Clients.Users</c>, which is how every chat push is addressed) go
/// through <see cref="UserFanout"/>: one publish per push instead of one per user.</item>
/// <item>A shutdown that cannot fail. <see cref="RedisHubLifetimeManager{THub}"/> unsubscribes synchronously in
/// <c>Dispose</c>; when Redis is slow or gone at that moment the call throws, the host's disposal fails with it, and the
/// backplane's multiplexer is never closed. Redis drops a connection's subscriptions when the connection closes, so the
/// unsubscribe is a courtesy: here its failure is logged and the multiplexer is closed anyway.</item>
/// </list>
/// Everything else (connections, groups, all) is the stock backplane's.
/// </summary>
public sealed partial class ChatHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly RedisHubLifetimeManager<THub> _inner;
    private readonly UserFanout _users;
    private readonly BackplaneConnections _connections;
    private readonly ILogger _logger;

    public ChatHubLifetimeManager(
        IServiceProvider services, IOptions<RedisOptions> redis, IHubProtocolResolver protocols, BackplaneConnections connections, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(loggers);
        // Created here rather than resolved, so that the container disposes this wrapper and never the inner manager.
        _inner = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
        // The backplane's configuration carries the channel prefix, so the fan-out's channel is beside the backplane's own.
        _users = new UserFanout(redis.Value.Configuration.Clone(), connections, typeof(THub).FullName + ":users", protocols, loggers.CreateLogger<UserFanout>());
        _connections = connections;
        _logger = loggers.CreateLogger<ChatHubLifetimeManager<THub>>();
    }

    public void Dispose()
    {
        try
        {
            _inner.Dispose();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogUnsubscribeFailed(_logger, ex);
            _connections.CloseAll();
        }
        finally
        {
            _users.Dispose();
        }
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _inner.OnConnectedAsync(connection);
        await _users.AddAsync(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _users.Remove(connection);
        await _inner.OnDisconnectedAsync(connection);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _users.PublishAsync([userId], methodName, args);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _users.PublishAsync(userIds, methodName, args);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _inner.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        _inner.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _inner.TryGetReturnType(invocationId, out type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SignalR backplane could not unsubscribe from Redis on shutdown; its connection is closed instead, which drops the subscriptions")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);
}
