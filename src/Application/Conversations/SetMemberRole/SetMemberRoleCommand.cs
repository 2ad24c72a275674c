using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.SetMemberRole;

/// <summary><c>PUT /api/conversations/{id}/members/{userId}/role</c> (an addition to the contract): the owner makes admins.</summary>
public sealed record SetMemberRoleCommand(Guid ConversationId, Guid UserId, string Role) : ICommand<WriteResult<ConversationView>>;

public sealed class SetMemberRoleHandler(CommandRunner commands, IEventStore store, ICurrentUser caller, IClock clock)
    : ICommandHandler<SetMemberRoleCommand, WriteResult<ConversationView>>
{
    public async ValueTask<WriteResult<ConversationView>> Handle(SetMemberRoleCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            var events = ConversationDecisions.SetRole(state, me, command.UserId, command.Role, clock.UtcNow);
            session.Append(id.Stream, events);
            return events.Aggregate(state, Conversation.Evolve);
        }, cancellationToken);
        var lastSeq = await store.GetStreamVersionAsync(id.MessagesStream.Id, cancellationToken);
        return new(ConversationView.From(result.Value, lastSeq), result.Position);
    }
}
