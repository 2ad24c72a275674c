using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.Realtime;
using EventChat.Domain.Conversations;
using EventChat.Infrastructure.Configuration;
using StackExchange.Redis;

namespace EventChat.Projections.Conversations;

/// <summary>
/// The members of each conversation, in Redis (a hash of member ids plus <c>_pos</c>, the log position the members
/// are as of), so that pushing a message costs one Redis read, not a MySQL query. Only
/// <see cref="ConversationPushProjection"/> writes it, in log order: a membership change, or a conversation it has
/// not cached yet (a first message after a restart, a key Redis evicted), is folded from the conversation's small
/// stream, taking only events up to the position being pushed, and stored only if newer than what is there. So the
/// cache is exactly the membership at the projection's position, whatever the projection's checkpoint or Redis
/// lost, and replaying a batch after a crash changes nothing. Typing reads it too (<see cref="IConversationMembers"/>).
/// </summary>
public sealed class ConversationMembersCache(IConnectionMultiplexer redis, IEventStore store, EventChatSettings settings) : IConversationMembers
{
    private const string PositionField = "_pos";

    // KEYS: the conversation's hash. ARGV: the position, then the member ids. Replaces the members unless the hash is as new already.
    private const string ReplaceScript = """
        local stored = tonumber(redis.call('HGET', KEYS[1], '_pos') or '-1')
        if stored >= tonumber(ARGV[1]) then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], '_pos', ARGV[1])
        for i = 2, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], '1') end
        return 1
        """;

    private readonly string _prefix = $"eventchat:{settings.DbName}:realtime:members:";

    /// <summary>The members as of <paramref name="position"/>: the cached hash, or folded from the stream and cached.</summary>
    public async Task<IReadOnlyCollection<Guid>> GetAtAsync(Guid conversationId, long position, CancellationToken cancellationToken)
    {
        var cached = await ReadCachedAsync(conversationId);
        return cached ?? await RefreshAsync(conversationId, position, cancellationToken);
    }

    /// <summary>
    /// The members as of <paramref name="position"/> without storing them: the members before a membership event.
    /// Storing them would let a reader between this call and the event's <see cref="RefreshAsync"/> see a
    /// conversation being created as one without members (typing refused as "not found"), and a crash between the
    /// two leave it so for message pushes.
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>> PeekAtAsync(Guid conversationId, long position, CancellationToken cancellationToken) =>
        await ReadCachedAsync(conversationId) ?? await FoldAsync(conversationId, position, cancellationToken);

    /// <summary>Folds the conversation's stream up to <paramref name="position"/> and stores the members (a membership event at that position).</summary>
    public async Task<IReadOnlyCollection<Guid>> RefreshAsync(Guid conversationId, long position, CancellationToken cancellationToken)
    {
        var members = await FoldAsync(conversationId, position, cancellationToken);
        await redis.GetDatabase().ScriptEvaluateAsync(
            ReplaceScript,
            [Key(conversationId)],
            [position, .. members.Select(m => (RedisValue)m.ToString("D"))]);
        return members;
    }

    /// <summary>For typing: the cached members, or the stream folded now (not stored: only the projection writes, in log order).</summary>
    public Task<IReadOnlyCollection<Guid>> GetMembersAsync(Guid conversationId, CancellationToken cancellationToken) =>
        PeekAtAsync(conversationId, long.MaxValue, cancellationToken);

    private async Task<IReadOnlyCollection<Guid>?> ReadCachedAsync(Guid conversationId)
    {
        var fields = await redis.GetDatabase().HashKeysAsync(Key(conversationId));
        if (fields.Length == 0)
        {
            return null;
        }

        return fields.Where(f => f != PositionField).Select(f => Guid.Parse(f.ToString())).ToArray();
    }

    private async Task<Guid[]> FoldAsync(Guid conversationId, long position, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync(new ConversationId(conversationId).Stream.Id, 1, null, null, cancellationToken);
        var state = events.Where(e => e.Position <= position).Aggregate(Conversation.Initial, (s, e) => Conversation.Evolve(s, e.Data));
        return state.Exists && !state.Ended ? [.. state.Members.Keys] : [];
    }

    private RedisKey Key(Guid conversationId) => _prefix + conversationId.ToString("D");
}
