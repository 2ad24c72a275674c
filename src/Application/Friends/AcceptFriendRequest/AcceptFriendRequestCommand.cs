using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Domain.Friends;
using Mediator;

namespace EventChat.Application.Friends.AcceptFriendRequest;

public sealed record AcceptFriendRequestCommand(Guid RequestId) : ICommand<WriteResult<FriendRequestView>>;

/// <summary>
/// The recipient accepts. One atomic append: the acceptance on the pair's stream and, when the pair has no direct
/// conversation yet, its start on the conversation's stream (expected not to exist, so two starts cannot both win).
/// After an unfriend and a new friendship the pair keeps the conversation it had.
/// </summary>
public sealed class AcceptFriendRequestHandler(
    CommandRunner commands, IEventStore store, IFriendReadModel friends, IReadModelConsistency consistency, ICurrentUser caller, IClock clock)
    : ICommandHandler<AcceptFriendRequestCommand, WriteResult<FriendRequestView>>
{
    public async ValueTask<WriteResult<FriendRequestView>> Handle(AcceptFriendRequestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var callerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var pair = await FriendRequestLocator.PairOfAsync(friends, consistency, command.RequestId, callerId, cancellationToken);
        var conversation = ConversationId.ForDirect(pair.Low, pair.High);
        return await commands.RunAsync(async (session, ct) =>
        {
            var friendship = await session.LoadAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct);
            var now = clock.UtcNow;
            var events = FriendDecisions.Accept(friendship, command.RequestId, callerId, conversation.Value, now);
            session.Append(pair.Stream, events);

            // Only whether the conversation exists matters here, not its (possibly long) history.
            if (await store.GetStreamVersionAsync(conversation.Stream.Id, ct) == 0)
            {
                session.AppendNew(conversation.Stream, [new DirectConversationStarted(conversation.Value, pair.Low.Value, pair.High.Value, now)]);
            }

            return FriendRules.ToView(events.Aggregate(friendship, Friendship.Evolve).Requests[command.RequestId]);
        }, cancellationToken);
    }
}
