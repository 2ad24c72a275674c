using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Application.Conversations.StartConversation;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.AddMembers;

/// <summary><c>POST /api/conversations/{id}/members</c>: the owner or an admin adds friends of theirs.</summary>
public sealed record AddMembersCommand(Guid ConversationId, IReadOnlyList<Guid> UserIds) : ICommand<WriteResult<ConversationView>>;

public sealed class AddMembersHandler(CommandRunner commands, IEventStore store, ICurrentUser caller, IClock clock)
    : ICommandHandler<AddMembersCommand, WriteResult<ConversationView>>
{
    public async ValueTask<WriteResult<ConversationView>> Handle(AddMembersCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            var newcomers = state.IsMember(me) ? command.UserIds.Distinct().Where(u => !state.Members.ContainsKey(u)).ToArray() : [];
            var friends = await StartConversationHandler.FriendsAmongAsync(session, me, newcomers, ct);
            var events = ConversationDecisions.AddMembers(state, me, command.UserIds, friends, clock.UtcNow);
            session.Append(id.Stream, events);
            return events.Aggregate(state, Conversation.Evolve);
        }, cancellationToken);
        var lastSeq = await store.GetStreamVersionAsync(id.MessagesStream.Id, cancellationToken);
        return new(ConversationView.From(result.Value, lastSeq), result.Position);
    }
}
