using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Conversations.StartConversation;

/// <summary><c>POST /api/conversations</c>: the direct conversation with a friend (<see cref="UserId"/>), or a new group.</summary>
public sealed record StartConversationCommand(string Type, Guid? UserId, string? Name, IReadOnlyList<Guid>? MemberIds)
    : ICommand<WriteResult<StartedConversation>>;

/// <summary>The conversation and whether this command created it (a group always; a direct one only the first time).</summary>
public sealed record StartedConversation(ConversationView Conversation, bool Created);

public sealed class StartConversationHandler(CommandRunner commands, IEventStore store, ICurrentUser caller, IClock clock)
    : ICommandHandler<StartConversationCommand, WriteResult<StartedConversation>>
{
    public async ValueTask<WriteResult<StartedConversation>> Handle(StartConversationCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        return command.Type == ConversationTypes.Direct
            ? await StartDirectAsync(me, command.UserId ?? throw RefusedException.Invalid("userId", "userId is required for a direct conversation."), cancellationToken)
            : await CreateGroupAsync(me, command.Name ?? string.Empty, command.MemberIds ?? [], cancellationToken);
    }

    private async Task<WriteResult<StartedConversation>> StartDirectAsync(Guid me, Guid other, CancellationToken cancellationToken)
    {
        if (me == other)
        {
            throw RefusedException.Invalid("userId", "A direct conversation needs another user.");
        }

        var id = ConversationId.ForDirect(new UserId(me), new UserId(other));
        var pair = FriendPair.Of(new UserId(me), new UserId(other));
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            var events = ConversationDecisions.StartDirect(state, id, me, other, friendship.AreFriends, clock.UtcNow);
            session.Append(id.Stream, events);
            session.Require(pair.Stream);
            return (State: events.Aggregate(state, Conversation.Evolve), Created: events.Count > 0);
        }, cancellationToken);

        var lastSeq = await store.GetStreamVersionAsync(id.MessagesStream.Id, cancellationToken);
        return new(new StartedConversation(ConversationView.From(result.Value.State, lastSeq), result.Value.Created), result.Position);
    }

    private async Task<WriteResult<StartedConversation>> CreateGroupAsync(Guid me, string name, IReadOnlyList<Guid> memberIds, CancellationToken cancellationToken)
    {
        var id = ConversationId.New();
        var others = memberIds.Where(m => m != me).Distinct().ToArray();
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            var friends = await FriendsAmongAsync(session, me, others, ct);
            var events = ConversationDecisions.CreateGroup(state, id, me, name, others, friends, clock.UtcNow);
            session.Append(id.Stream, events);
            return events.Aggregate(state, Conversation.Evolve);
        }, cancellationToken);

        return new(new StartedConversation(ConversationView.From(result.Value, 0), true), result.Position);
    }

    /// <summary>
    /// Which of <paramref name="userIds"/> are friends of <paramref name="me"/>: one small pair stream each, read a few at
    /// a time. The append is made conditional on each friend's pair stream, so an unfriend or a block that lands between
    /// this read and the append makes the command run again on the new state instead of adding a former friend.
    /// </summary>
    internal static async Task<IReadOnlySet<Guid>> FriendsAmongAsync(CommandSession session, Guid me, IReadOnlyList<Guid> userIds, CancellationToken cancellationToken)
    {
        var friends = new HashSet<Guid>();
        if (userIds.Count > Conversation.MaxMembers)
        {
            // Refused by the decision for its size; no need to read hundreds of streams first.
            return friends;
        }

        var others = userIds.Where(u => u != me).ToArray();
        var pairs = others.Select(user => FriendPair.Of(new UserId(me), new UserId(user)).Stream).ToArray();
        var friendships = await session.LoadManyAsync(pairs, Friendship.Initial, Friendship.Evolve, cancellationToken);
        for (var i = 0; i < others.Length; i++)
        {
            if (friendships[i].AreFriends)
            {
                friends.Add(others[i]);
                session.Require(pairs[i]);
            }
        }

        return friends;
    }
}
