using System.Collections.Concurrent;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Abstractions.Realtime;
using EventChat.Application.Conversations;
using EventChat.Domain.Conversations;
using EventChat.Projections.Engine;

namespace EventChat.Projections.Conversations;

/// <summary>
/// Pushes what happens in conversations to their members' connections: <c>messageCreated</c>, <c>messageRecalled</c>,
/// <c>conversationRead</c> and <c>conversationUpdated</c>, each with the event's position. It tails the log like any
/// projection (once per cluster, woken by append notifications), so a push only ever describes a committed event and
/// a restart resumes at the checkpoint. The checkpoint moves after the pushes of a batch: a crash in between pushes
/// that batch again, and clients drop what they have by <c>position</c> (or seq).
/// </summary>
public sealed class ConversationPushProjection(ConversationMembersCache members, IChatPush push, IObjectStorage storage) : IEventProjection
{
    public const string ProjectionName = "conversation-push";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.None;

    /// <summary>Connected clients wait on each push: no linger for larger batches.</summary>
    public bool DeliversLive => true;

    public IReadOnlyCollection<Type> HandledEvents { get; } =
    [
        typeof(DirectConversationStarted), typeof(GroupCreated), typeof(GroupMembersAdded), typeof(GroupMemberRemoved),
        typeof(GroupMemberLeft), typeof(GroupOwnershipPassed), typeof(GroupMemberRoleChanged), typeof(GroupRenamed),
        typeof(GroupAnnouncementSet), typeof(GroupEnded), typeof(MessageRecalled), typeof(MessageSent), typeof(ConversationRead),
    ];

    /// <summary>
    /// Conversations of a batch pushed at the same time, each one's events in order. A push is a few Redis publishes
    /// (pipelined by the multiplexer), so many go out together; the cap keeps the folds of a cold cache (one MySQL
    /// stream read each) well inside the connection pool.
    /// </summary>
    public const int ConversationsInParallel = 64;

    /// <summary>Conversations whose members this runner keeps in memory; past it the memory starts over (each conversation then costs one Redis read again).</summary>
    public const int MembersKeptInMemory = 100_000;

    // The members of each conversation as this runner last pushed to it, under the current lease. Only this
    // projection changes membership in the cache, in log order, and while it holds the lease no other instance
    // runs it; so an entry stays exact until the lease moves (OnLeaseTaken forgets them all), and a message
    // costs no Redis read at all (at 1,000 messages/s the HKEYS round trips were most of the push's time).
    private readonly ConcurrentDictionary<Guid, IReadOnlyCollection<Guid>> _membersNow = new();

    public void OnLeaseTaken() => _membersNow.Clear();

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);

        // A member sees a conversation's pushes in log order: within a conversation one event at a time, each push
        // awaited. Conversations are independent (the contract orders pushes per conversation, by seq and position),
        // so a batch's conversations go out side by side instead of queueing behind one another.
        var conversations = events.GroupBy(e => ConversationIdOf(e.Data)).ToArray();
        await Parallel.ForEachAsync(
            conversations,
            new ParallelOptions { MaxDegreeOfParallelism = ConversationsInParallel, CancellationToken = cancellationToken },
            async (conversation, ct) => await PushInOrderAsync(conversation.Key, [.. conversation], ct));
    }

    /// <summary>One conversation's events: its members looked up once, and again after a membership event (which refreshes them).</summary>
    /// <remarks>
    /// A message's push is handed over without waiting for the one before it to be published: <see cref="IChatPush"/>
    /// delivers pushes in the order they were handed over, so a burst into one group goes out in a few publishes
    /// instead of one Redis round trip per message. The batch ends when every push of it is published.
    /// </remarks>
    private async Task PushInOrderAsync(Guid conversationId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<Guid>? current = null;
        var handedOver = new List<Task>(events.Count);
        try
        {
            foreach (var e in events)
            {
                switch (e.Data)
                {
                    case MessageSent:
                        var message = await MessageView.From(e).WithUrlAsync(storage, cancellationToken);
                        current ??= await MembersAtAsync(conversationId, e.Position, cancellationToken);
                        handedOver.Add(push.SendAsync(current, ChatMethods.MessageCreated, message, cancellationToken));
                        break;
                    case MessageRecalled recalled:
                        current ??= await MembersAtAsync(conversationId, e.Position, cancellationToken);
                        handedOver.Add(push.SendAsync(current, ChatMethods.MessageRecalled, new MessageRecalledPush(conversationId, recalled.Seq, e.Position), cancellationToken));
                        break;
                    case ConversationRead read:
                        current ??= await MembersAtAsync(conversationId, e.Position, cancellationToken);
                        handedOver.Add(push.SendAsync(
                            current, ChatMethods.ConversationRead, new ConversationReadPush(conversationId, read.UserId, read.Seq, e.Position), cancellationToken));
                        break;
                    default:
                        current = await ConversationChangedAsync(e, cancellationToken);
                        break;
                }
            }
        }
        catch
        {
            // The batch fails and is applied again from its checkpoint; the pushes already handed over still end first,
            // so that none of them faults unobserved.
            await Task.WhenAll(handedOver).ContinueWith(static all => _ = all.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        await Task.WhenAll(handedOver);
    }

    private async Task<IReadOnlyCollection<Guid>> MembersAtAsync(Guid conversationId, long position, CancellationToken cancellationToken)
    {
        if (_membersNow.TryGetValue(conversationId, out var known))
        {
            return known;
        }

        return Remember(conversationId, await members.GetAtAsync(conversationId, position, cancellationToken));
    }

    private IReadOnlyCollection<Guid> Remember(Guid conversationId, IReadOnlyCollection<Guid> current)
    {
        if (_membersNow.Count >= MembersKeptInMemory)
        {
            _membersNow.Clear();
        }

        _membersNow[conversationId] = current;
        return current;
    }

    /// <summary>Created, renamed, members or roles changed, ended: to the members before and after, so a removed member learns it too.</summary>
    /// <returns>The members after the change.</returns>
    private async Task<IReadOnlyCollection<Guid>> ConversationChangedAsync(StoredEvent e, CancellationToken cancellationToken)
    {
        var conversationId = ConversationIdOf(e.Data);
        var before = _membersNow.TryGetValue(conversationId, out var known) ? known : await members.PeekAtAsync(conversationId, e.Position - 1, cancellationToken);
        var after = Remember(conversationId, await members.RefreshAsync(conversationId, e.Position, cancellationToken));
        await push.SendAsync(before.Union(after).ToArray(), ChatMethods.ConversationUpdated, new ConversationUpdatedPush(conversationId, e.Position), cancellationToken);
        return after;
    }

    private static Guid ConversationIdOf(object data) => data switch
    {
        DirectConversationStarted e => e.ConversationId,
        GroupCreated e => e.ConversationId,
        GroupMembersAdded e => e.ConversationId,
        GroupMemberRemoved e => e.ConversationId,
        GroupMemberLeft e => e.ConversationId,
        GroupOwnershipPassed e => e.ConversationId,
        GroupMemberRoleChanged e => e.ConversationId,
        GroupRenamed e => e.ConversationId,
        GroupAnnouncementSet e => e.ConversationId,
        GroupEnded e => e.ConversationId,
        MessageSent e => e.ConversationId,
        MessageRecalled e => e.ConversationId,
        ConversationRead e => e.ConversationId,
        _ => throw new ArgumentException($"Not a conversation event: {data.GetType().Name}.", nameof(data)),
    };
}
