using System.Runtime.CompilerServices;
using EventChat.Application.Abstractions.Realtime;
using EventChat.Infrastructure.Configuration;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// <see cref="IChatPush"/> over SignalR: a user's connections are SignalR's user group (the <c>sub</c> claim), which
/// the Redis backplane reaches on every instance. Session ends go over a Redis channel of their own, because SignalR
/// cannot close a connection held by another instance; each instance's <see cref="SessionEndListener"/> closes its own.
/// </summary>
public sealed class SignalRChatPush(IHubContext<ChatHub> hub, IConnectionMultiplexer redis, EventChatSettings settings) : IChatPush
{
    private readonly RedisChannel _sessionEnded = SessionEndListener.ChannelFor(settings);

    // The user ids as SignalR names them, per collection handed over: the push projection hands over the same member
    // collection for every message into a conversation until its membership changes, so each is formatted once, not
    // once per message (a 36-character string per member and message). Entries go with their collections.
    private readonly ConditionalWeakTable<IReadOnlyCollection<Guid>, string[]> _userNames = new();

    public Task SendAsync(IReadOnlyCollection<Guid> userIds, string method, object payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        var names = _userNames.GetValue(userIds, static ids => ids.Select(id => id.ToString("D")).ToArray());
        return hub.Clients.Users(names).SendAsync(method, payload, cancellationToken);
    }

    public Task EndSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        redis.GetSubscriber().PublishAsync(_sessionEnded, sessionId.ToString("D"));
}
