using System.Security.Claims;
using EventChat.Application.Abstractions.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// The hub at <c>/hubs/chat</c>. Every push describing an event comes from the push projections through
/// <see cref="IChatPush"/>; the hub itself only tracks connections and presence and relays <c>Typing</c>.
/// It lives here, below the projections, because the push projections (in the Api or the projections worker)
/// publish through <c>IHubContext&lt;ChatHub&gt;</c>, and the Redis backplane names its channels after the hub type.
/// Connection open and close happen only in <see cref="OnConnectedAsync"/> and <see cref="OnDisconnectedAsync"/>.
/// </summary>
[Authorize]
public sealed class ChatHub(
    ChatConnections connections,
    PresenceTracker presence,
    PresenceNotifier presenceNotifier,
    IConversationMembers members,
    IChatPush push,
    ILogger<ChatHub> logger) : Hub
{
    /// <summary>A connection relays at most one <c>Typing</c> per conversation in this interval; the rest are dropped.</summary>
    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(1);

    private const string TypingSentKey = "typing-sent";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User ?? throw new HubException("Not authenticated.");
        var userId = Guid.Parse(user.FindFirstValue("sub")!);
        var sessionId = Guid.Parse(user.FindFirstValue("sid")!);
        connections.Add(new ChatConnection(Context.ConnectionId, userId, sessionId, Context));
        if (connections.IsEnded(sessionId))
        {
            // Added first, then checked: an end announced in between is caught by one or the other. SignalR does not
            // call OnDisconnectedAsync after a failed OnConnectedAsync, so undo the add here.
            connections.Remove(Context.ConnectionId);
            throw new HubException("The session of this access token has ended.");
        }

        try
        {
            if (await presence.ConnectAsync(userId, Context.ConnectionId))
            {
                await presenceNotifier.NotifyAsync(userId, online: true, Context.ConnectionAborted);
            }
        }
        catch (RedisException ex)
        {
            // Presence is best effort: Redis down costs presence, not the connection.
            logger.LogWarning(ex, "Presence of user {UserId} not recorded", userId);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        if (Context.User?.FindFirstValue("sub") is { } sub && Guid.TryParse(sub, out var userId))
        {
            try
            {
                if (await presence.DisconnectAsync(userId, Context.ConnectionId))
                {
                    await presenceNotifier.NotifyAsync(userId, online: false, CancellationToken.None);
                }
            }
            catch (RedisException ex)
            {
                // The connection expires from presence on its own (PresenceTracker.Expiry) and the sweep reports it.
                logger.LogWarning(ex, "Presence of user {UserId} not updated at disconnect", userId);
            }
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Tells the conversation's other members that the caller is typing (throttled per connection and conversation).</summary>
    public async Task Typing(Guid conversationId)
    {
        var userId = Guid.Parse(Context.UserIdentifier!);
        var sent = (Dictionary<Guid, long>)(Context.Items[TypingSentKey] ??= new Dictionary<Guid, long>());
        var now = Environment.TickCount64;
        lock (sent)
        {
            if (sent.TryGetValue(conversationId, out var last) && now - last < (long)TypingInterval.TotalMilliseconds)
            {
                return;
            }

            sent[conversationId] = now;
        }

        var memberIds = await members.GetMembersAsync(conversationId, Context.ConnectionAborted);
        if (!memberIds.Contains(userId))
        {
            // As over REST: a conversation the caller is not in is "not found", so ids do not leak.
            throw new HubException("Conversation not found.");
        }

        await push.SendAsync(memberIds.Where(m => m != userId).ToArray(), ChatMethods.Typing, new TypingPush(conversationId, userId, 0), Context.ConnectionAborted);
    }
}
