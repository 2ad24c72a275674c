using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.MarkRead;

/// <summary><c>POST /api/conversations/{id}/read</c>: the caller has read up to <see cref="Seq"/>.</summary>
public sealed record MarkReadCommand(Guid ConversationId, long Seq) : ICommand<WriteResult<bool>>;

/// <summary>
/// Moves the caller's marker forward on their own marker stream (conditioned on the conversation stream, so a
/// removed member cannot). A marker at or behind the current one appends nothing. The marker a send moves
/// (the sender has read their own message) is the <see cref="MessageSent"/> itself, applied by the projection.
/// </summary>
public sealed class MarkReadHandler(CommandRunner commands, IEventStore store, ICurrentUser caller, IClock clock)
    : ICommandHandler<MarkReadCommand, WriteResult<bool>>
{
    public async ValueTask<WriteResult<bool>> Handle(MarkReadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        var markerStream = id.ReadMarkerStream(new UserId(me));
        return await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            if (!state.IsMember(me))
            {
                throw ConversationDecisions.NotFound();
            }

            var marker = await session.LoadAsync(markerStream, 0L, ReadMarker.Evolve, ct);
            var lastSeq = await store.GetStreamVersionAsync(id.MessagesStream.Id, ct);
            var events = ConversationDecisions.MarkRead(state, me, marker, command.Seq, lastSeq, clock.UtcNow);
            session.Append(markerStream, events);
            session.Require(id.Stream);
            return events.Count > 0;
        }, cancellationToken);
    }
}
