using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.UpdateGroup;

/// <summary><c>PATCH /api/conversations/{id}</c>: rename a group or set its announcement (owner or admin).</summary>
public sealed record UpdateGroupCommand(Guid ConversationId, string? Name, string? Announcement) : ICommand<WriteResult<ConversationView>>;

public sealed class UpdateGroupHandler(CommandRunner commands, IEventStore store, ICurrentUser caller, IClock clock)
    : ICommandHandler<UpdateGroupCommand, WriteResult<ConversationView>>
{
    public async ValueTask<WriteResult<ConversationView>> Handle(UpdateGroupCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        var result = await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            var events = ConversationDecisions.Update(state, me, command.Name, command.Announcement, clock.UtcNow);
            session.Append(id.Stream, events);
            return events.Aggregate(state, Conversation.Evolve);
        }, cancellationToken);
        var lastSeq = await store.GetStreamVersionAsync(id.MessagesStream.Id, cancellationToken);
        return new(ConversationView.From(result.Value, lastSeq), result.Position);
    }
}
