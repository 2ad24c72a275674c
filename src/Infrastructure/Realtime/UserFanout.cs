using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// A push to users as one Redis publish, however many users it names (and pushes that wait while a publish is under
/// way share the next one: <see cref="PublishAsync"/>). The stock backplane publishes once per user
/// (to each user's channel), so a message into a group of 8 cost 8 publishes, each serialized, sent, answered and
/// matched by the client: at 4,600 messages/s that was 37,000 publishes a second, spent even when no member was
/// online (docs/realtime.md, "One publish per push").
/// Here the invocation is serialized once per hub protocol and published with the list of users on one channel; every
/// process that holds hub connections subscribes to it (from its first connection on) and writes the message to the
/// connections of the listed users it holds. A process without connections (the projections worker) only publishes.
/// </summary>
public sealed partial class UserFanout : IDisposable
{
    /// <summary>
    /// Writes a connection may have waiting before it is closed. Deliveries do not wait for slow clients (one stuck
    /// connection would otherwise hold up every push to this process); a client this far behind is closed instead,
    /// and catches up through the REST API when it reconnects, as after any disconnection.
    /// </summary>
    public const int MaxPendingWritesPerConnection = 1_000;

    /// <summary>Pushes in one publish at most, so one Redis message stays small beside the rest of the traffic (a few hundred KB).</summary>
    public const int MaxPushesPerPublish = 256;

    private readonly ConfigurationOptions _configuration;
    private readonly BackplaneConnections _connections;
    private readonly RedisChannel _channel;
    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Lock _publishGate = new();
    private List<WaitingPush> _waiting = [];
    private bool _publishing;

    // Copy on write: a delivery reads a user's array without a lock; connects and disconnects replace it under _gate.
    private readonly ConcurrentDictionary<string, LocalConnection[]> _byUser = new(StringComparer.Ordinal);
    private Task<IConnectionMultiplexer>? _multiplexer;
    private Task<ChannelMessageQueue>? _subscription;

    public UserFanout(ConfigurationOptions configuration, BackplaneConnections connections, string channel, IHubProtocolResolver protocols, ILogger<UserFanout> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(protocols);
        _configuration = configuration;
        _connections = connections;
        _channel = RedisChannel.Literal(channel);
        _protocols = protocols.AllProtocols;
        _logger = logger;
    }

    /// <summary>
    /// Publishes <paramref name="methodName"/>(<paramref name="args"/>) for the connections of <paramref name="userIds"/>
    /// wherever they are; the task ends when Redis has taken the publish.
    /// </summary>
    /// <remarks>
    /// Pushes that arrive while a publish is under way wait for it and then go out together, as one publish (the group
    /// commit of the event store, applied to Redis): an idle process publishes a push at once, a busy one publishes a
    /// few times per round trip instead of once per push (at 3,000 messages/s the push projection published 3,000 times
    /// a second, each a write, a reply and a completion on the Redis client's threads). Pushes are delivered in the
    /// order they were handed here, so a caller that awaits each push before the next keeps its own order.
    /// </remarks>
    public Task PublishAsync(IReadOnlyList<string> userIds, string methodName, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        var invocation = new InvocationMessage(methodName, args);
        var serialized = _protocols.Select(p => new SerializedMessage(p.Name, p.GetMessageBytes(invocation))).ToArray();
        var waiting = new WaitingPush(new UserFanoutMessage(userIds, serialized));
        bool publishNow;
        lock (_publishGate)
        {
            _waiting.Add(waiting);
            publishNow = !_publishing;
            _publishing = true;
        }

        if (publishNow)
        {
            _ = PublishWaitingAsync();
        }

        return waiting.Published.Task;
    }

    /// <summary>Publishes what is waiting, as one message per round, until nothing is; only one of these runs at a time.</summary>
    private async Task PublishWaitingAsync()
    {
        while (true)
        {
            List<WaitingPush> round;
            lock (_publishGate)
            {
                if (_waiting.Count == 0)
                {
                    _publishing = false;
                    return;
                }

                round = _waiting.Count <= MaxPushesPerPublish ? _waiting : _waiting[..MaxPushesPerPublish];
                _waiting = round == _waiting ? [] : _waiting[MaxPushesPerPublish..];
            }

            try
            {
                var multiplexer = await Current(ref _multiplexer, () => _connections.ConnectAsync(_configuration, TextWriter.Null)).ConfigureAwait(false);
                await multiplexer.GetSubscriber().PublishAsync(_channel, UserFanoutMessage.Write(round.ConvertAll(w => w.Push))).ConfigureAwait(false);
                round.ForEach(w => w.Published.TrySetResult());
            }
            catch (Exception ex)
            {
                // Each push's caller decides what a failed publish means (the push projection retries its batch).
                round.ForEach(w => w.Published.TrySetException(ex));
            }
        }
    }

    /// <summary>Starts delivering to <paramref name="connection"/>; the channel is subscribed before this returns, so no push published after it is missed.</summary>
    public async Task AddAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.UserIdentifier is not { } userId)
        {
            return;
        }

        await Current(ref _subscription, SubscribeAsync).ConfigureAwait(false);
        lock (_gate)
        {
            _byUser[userId] = _byUser.TryGetValue(userId, out var held) ? [.. held, new LocalConnection(connection)] : [new LocalConnection(connection)];
        }
    }

    public void Remove(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.UserIdentifier is not { } userId)
        {
            return;
        }

        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var held))
            {
                return;
            }

            var remaining = held.Where(c => !ReferenceEquals(c.Context, connection)).ToArray();
            if (remaining.Length == 0)
            {
                _byUser.TryRemove(userId, out _);
            }
            else
            {
                _byUser[userId] = remaining;
            }
        }
    }

    /// <summary>Unsubscribes and closes the connection without waiting on Redis (which may be the reason for the shutdown).</summary>
    public void Dispose()
    {
        Task<IConnectionMultiplexer>? opened;
        lock (_gate)
        {
            opened = _multiplexer;
            _multiplexer = null;
            _subscription = null;
        }

        if (opened is { IsCompletedSuccessfully: true })
        {
            // Closing the connection drops its subscription on the server.
            opened.Result.Close(allowCommandsToComplete: false);
            opened.Result.Dispose();
        }
    }

    /// <summary>
    /// The task in <paramref name="slot"/>, started by <paramref name="start"/> when there is none or the last one
    /// failed (Redis was down), so that the next call tries again. Started on the thread pool, not inside the lock.
    /// </summary>
    private Task<T> Current<T>(ref Task<T>? slot, Func<Task<T>> start)
    {
        lock (_gate)
        {
            if (slot is null || slot.IsFaulted || slot.IsCanceled)
            {
                slot = Task.Run(start);
            }

            return slot;
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync()
    {
        var multiplexer = await Current(ref _multiplexer, () => _connections.ConnectAsync(_configuration, TextWriter.Null)).ConfigureAwait(false);
        var queue = await multiplexer.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
        // OnMessage handles one message at a time, in the order published: a user's pushes arrive in order.
        queue.OnMessage(Deliver);
        return queue;
    }

    private void Deliver(ChannelMessage published)
    {
        IReadOnlyList<UserFanoutMessage> pushes;
        try
        {
            pushes = UserFanoutMessage.Read(published.Message);
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or ArgumentException)
        {
            LogUnreadable(_logger, ex);
            return;
        }

        foreach (var push in pushes)
        {
            SerializedHubMessage? hubMessage = null;
            foreach (var userId in push.UserIds)
            {
                if (!_byUser.TryGetValue(userId, out var held))
                {
                    continue;
                }

                hubMessage ??= new SerializedHubMessage(push.Serialized);
                foreach (var connection in held)
                {
                    Write(connection, hubMessage);
                }
            }
        }
    }

    private void Write(LocalConnection connection, SerializedHubMessage message)
    {
        if (Interlocked.Increment(ref connection.PendingWrites) > MaxPendingWritesPerConnection)
        {
            Interlocked.Decrement(ref connection.PendingWrites);
            LogTooSlow(_logger, connection.Context.ConnectionId, MaxPendingWritesPerConnection);
            connection.Context.Abort();
            return;
        }

        // HubConnectionContext.WriteAsync takes the connection's write lock in arrival order and handles its own
        // failures (it logs and aborts the connection); it does not throw.
        var write = connection.Context.WriteAsync(message);
        if (write.IsCompletedSuccessfully)
        {
            Interlocked.Decrement(ref connection.PendingWrites);
            return;
        }

        _ = CompleteAsync(connection, write);
    }

    private static async Task CompleteAsync(LocalConnection connection, ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref connection.PendingWrites);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push on the user channel could not be read; it is skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub connection {ConnectionId} had {Pending} pushes waiting to be written and is closed; the client catches up when it reconnects")]
    private static partial void LogTooSlow(ILogger logger, string connectionId, int pending);

    private sealed class WaitingPush(UserFanoutMessage push)
    {
        public UserFanoutMessage Push { get; } = push;

        // Continuations run on the thread pool, not inside the publishing loop: the next round goes out while the
        // callers of this one carry on.
        public TaskCompletionSource Published { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class LocalConnection(HubConnectionContext context)
    {
        public int PendingWrites;

        public HubConnectionContext Context { get; } = context;
    }
}
