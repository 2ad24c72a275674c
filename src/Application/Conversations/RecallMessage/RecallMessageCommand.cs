using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.RecallMessage;

/// <summary><c>POST /api/conversations/{id}/messages/{seq}/recall</c>.</summary>
public sealed record RecallMessageCommand(Guid ConversationId, long Seq) : ICommand<WriteResult<MessageView>>;

/// <summary>
/// Recalls a message: folds the conversation stream (roles, recalled seqs), reads the one message by its seq
/// (one indexed read of the messages stream), decides, and appends <see cref="MessageRecalled"/> to the
/// conversation stream. The answer is the message as it now reads: recalled, without content.
/// </summary>
public sealed class RecallMessageHandler(CommandRunner commands, IEventStore store, ICurrentUser caller, IClock clock)
    : ICommandHandler<RecallMessageCommand, WriteResult<MessageView>>
{
    public async ValueTask<WriteResult<MessageView>> Handle(RecallMessageCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        return await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            if (!state.IsMember(me))
            {
                throw ConversationDecisions.NotFound();
            }

            var stored = command.Seq < 1 ? null : (await store.ReadStreamAsync(id.MessagesStream.Id, command.Seq, command.Seq, null, ct)).SingleOrDefault();
            if (stored?.Data is not MessageSent message)
            {
                throw Domain.Common.RefusedException.NotFound("No message has this seq in this conversation.");
            }

            session.Append(id.Stream, ConversationDecisions.Recall(state, me, command.Seq, message, clock.UtcNow));
            return MessageView.From(stored, recalled: true);
        }, cancellationToken);
    }
}
