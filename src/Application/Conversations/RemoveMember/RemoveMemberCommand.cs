using EventChat.Application.Abstractions;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Conversations.RemoveMember;

/// <summary><c>DELETE /api/conversations/{id}/members/{userId}</c>: the owner or an admin removes a member, or a member leaves.</summary>
public sealed record RemoveMemberCommand(Guid ConversationId, Guid UserId) : ICommand<WriteResult<bool>>;

public sealed class RemoveMemberHandler(CommandRunner commands, ICurrentUser caller, IClock clock)
    : ICommandHandler<RemoveMemberCommand, WriteResult<bool>>
{
    public async ValueTask<WriteResult<bool>> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var me = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        return await commands.RunAsync(async (session, ct) =>
        {
            var state = await session.LoadAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
            var events = ConversationDecisions.RemoveMember(state, me, command.UserId, clock.UtcNow);
            session.Append(id.Stream, events);
            return events.Count > 0;
        }, cancellationToken);
    }
}
