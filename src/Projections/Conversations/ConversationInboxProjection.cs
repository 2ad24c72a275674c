using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Conversations;
using EventChat.Projections.Engine;

namespace EventChat.Projections.Conversations;

/// <summary>
/// Keeps <see cref="ConversationInbox"/> (Redis): each user's conversations by latest activity, unread counts
/// (last seq minus the user's read marker) and read markers. One script call per batch; idempotent under replay
/// (the inbox skips events at or before the position it last applied to a conversation), rebuilt into a new
/// key generation.
/// </summary>
public sealed class ConversationInboxProjection(ConversationInbox inbox) : IRebuildableEventProjection
{
    public const string ProjectionName = "conversation-inbox";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.ConversationInbox;

    public IReadOnlyCollection<Type> HandledEvents { get; } =
    [
        typeof(DirectConversationStarted), typeof(GroupCreated), typeof(GroupMembersAdded), typeof(GroupMemberRemoved), typeof(GroupMemberLeft),
        typeof(MessageSent), typeof(ConversationRead),
    ];

    public Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
        inbox.ApplyAsync(ToOperations(events), generation: null);

    public async Task<IEventProjectionCopy> CreateCopyAsync(CancellationToken cancellationToken) =>
        new Copy(inbox, await inbox.CreateGenerationAsync());

    public static InboxOperations ToOperations(IReadOnlyList<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var operations = new InboxOperations();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case DirectConversationStarted d:
                    operations.Join(d.ConversationId, e.Position, created: true, [d.FirstUserId, d.SecondUserId]);
                    break;
                case GroupCreated g:
                    operations.Join(g.ConversationId, e.Position, created: true, [g.OwnerId, .. g.MemberIds]);
                    break;
                case GroupMembersAdded a:
                    operations.Join(a.ConversationId, e.Position, created: false, a.UserIds);
                    break;
                case GroupMemberRemoved r:
                    operations.Leave(r.ConversationId, e.Position, r.UserId);
                    break;
                case GroupMemberLeft l:
                    operations.Leave(l.ConversationId, e.Position, l.UserId);
                    break;
                case MessageSent m:
                    // The message's seq is its version in the conversation's messages stream.
                    operations.Message(m.ConversationId, e.Position, e.StreamVersion, m.SenderId);
                    break;
                case ConversationRead r:
                    operations.Read(r.ConversationId, e.Position, r.UserId, r.Seq);
                    break;
            }
        }

        return operations;
    }

    private sealed class Copy(ConversationInbox inbox, long generation) : IEventProjectionCopy
    {
        private bool _swapped;

        public Task ApplyAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
            inbox.ApplyAsync(ToOperations(events), generation);

        public async Task SwapInAsync(CancellationToken cancellationToken)
        {
            await inbox.SwapInAsync(generation);
            _swapped = true;
        }

        /// <summary>A rebuild that failed leaves nothing behind.</summary>
        public async ValueTask DisposeAsync()
        {
            if (!_swapped)
            {
                await inbox.DeleteGenerationAsync(generation);
            }
        }
    }
}
