using System.Globalization;
using StackExchange.Redis;

namespace EventChat.Projections.Conversations;

/// <summary>
/// The operations of one batch for <see cref="ConversationInbox"/>, in log order. Messages and read markers of a
/// conversation that follow each other are folded into one operation (the newest seq and activity, each user's
/// highest marker), so a burst of messages into a group fans out to its members once per batch, not per message.
/// </summary>
public sealed class InboxOperations
{
    private readonly List<Operation> _operations = [];
    private readonly Dictionary<Guid, int> _lastOfConversation = [];

    public bool IsEmpty => _operations.Count == 0;

    /// <summary>Members join; <paramref name="created"/>: the conversation starts with this event (its first activity).</summary>
    public void Join(Guid conversationId, long position, bool created, IEnumerable<Guid> userIds) =>
        Add(new Operation('J', conversationId, position) { Created = created, Users = [.. userIds] });

    public void Leave(Guid conversationId, long position, Guid userId) =>
        Add(new Operation('L', conversationId, position) { Users = [userId] });

    /// <summary>A message: the conversation's newest seq and activity, and the sender's own marker.</summary>
    public void Message(Guid conversationId, long position, long seq, Guid senderId) =>
        Activity(conversationId, position, seq, position, senderId, seq);

    public void Read(Guid conversationId, long position, Guid userId, long seq) =>
        Activity(conversationId, position, 0, 0, userId, seq);

    public RedisValue[] ToArguments(string keyPrefix, string generation)
    {
        var args = new List<RedisValue> { keyPrefix, generation };
        foreach (var op in _operations)
        {
            args.Add(op.Kind.ToString());
            args.Add(op.ConversationId.ToString("N"));
            args.Add(op.Position);
            switch (op.Kind)
            {
                case 'J':
                    args.Add(op.Created ? "1" : "0");
                    args.Add(op.Users.Count);
                    args.AddRange(op.Users.Select(u => (RedisValue)u.ToString("N")));
                    break;
                case 'L':
                    args.Add(op.Users[0].ToString("N"));
                    break;
                default:
                    args.Add(op.Seq);
                    args.Add(op.ActivityPosition);
                    args.Add(op.Markers.Count);
                    foreach (var (user, seq) in op.Markers)
                    {
                        args.Add(user.ToString("N"));
                        args.Add(seq);
                    }

                    break;
            }
        }

        return [.. args];
    }

    public override string ToString() => string.Join(' ', _operations.Select(o => o.Kind + o.Position.ToString(CultureInfo.InvariantCulture)));

    private void Activity(Guid conversationId, long position, long seq, long activityPosition, Guid userId, long markerSeq)
    {
        if (!_lastOfConversation.TryGetValue(conversationId, out var index) || _operations[index].Kind != 'M')
        {
            Add(new Operation('M', conversationId, position));
            index = _operations.Count - 1;
        }

        var op = _operations[index];
        op.Position = Math.Max(op.Position, position);
        op.Seq = Math.Max(op.Seq, seq);
        op.ActivityPosition = Math.Max(op.ActivityPosition, activityPosition);
        op.Markers[userId] = Math.Max(op.Markers.GetValueOrDefault(userId), markerSeq);
    }

    private void Add(Operation operation)
    {
        _operations.Add(operation);
        _lastOfConversation[operation.ConversationId] = _operations.Count - 1;
    }

    private sealed class Operation(char kind, Guid conversationId, long position)
    {
        public char Kind { get; } = kind;

        public Guid ConversationId { get; } = conversationId;

        public long Position { get; set; } = position;

        public bool Created { get; init; }

        public IReadOnlyList<Guid> Users { get; init; } = [];

        public long Seq { get; set; }

        public long ActivityPosition { get; set; }

        public Dictionary<Guid, long> Markers { get; } = [];
    }
}
