using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Domain.Friends;
using EventChat.Domain.Uploads;
using Mediator;

namespace EventChat.Application.Conversations.SendMessage;

public sealed record SendMessageCommand(Guid ConversationId, string ClientMessageId, string Type, string? Text, Guid? UploadId, long? ReplyToSeq)
    : ICommand<WriteResult<SentMessage>>;

/// <summary>The message and whether this command stored it (false: a resend answered with the original).</summary>
public sealed record SentMessage(MessageView Message, bool Created);

/// <summary>
/// Sends a message in constant time: folds the small conversation stream (membership) and, for a direct
/// conversation, the pair's stream (blocks), or takes both from <see cref="StreamStateCache"/>; then one atomic
/// append of both as conditions at the versions folded, and the <see cref="MessageSent"/> on the messages stream with "any version", whose stream version the
/// writer assigns: that is the seq. The event id comes from (conversation, sender, clientMessageId), so a
/// resend is the same event: an exact repeat gets the original from the store, and one with other content (a
/// later timestamp) conflicts, and the original is read back by its id.
/// </summary>
public sealed class SendMessageHandler(CommandRunner commands, IEventStore store, EventMetadataFactory metadata, ICurrentUser caller, IClock clock, IObjectStorage storage)
    : ICommandHandler<SendMessageCommand, WriteResult<SentMessage>>
{
    public async ValueTask<WriteResult<SentMessage>> Handle(SendMessageCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sender = caller.CallerId();
        var id = new ConversationId(command.ConversationId);
        var messageId = DeterministicEventId.From("conversation.message", $"{id}:{sender:D}:{command.ClientMessageId}");
        try
        {
            var written = await commands.RunAsync(
                async (session, ct) =>
                {
                    // Both checks are conditions of the append, so their states may come from the cache: a send reads
                    // nothing before its append unless the conversation or the pair changed since the last one.
                    var state = await session.LoadAsConditionAsync(id.Stream, Conversation.Initial, Conversation.Evolve, ct);
                    var blocked = false;
                    if (state.Type == ConversationType.Direct && state.IsMember(sender))
                    {
                        var pair = FriendPair.Of(new UserId(sender), new UserId(state.Members.Keys.First(k => k != sender)));
                        blocked = (await session.LoadAsConditionAsync(pair.Stream, Friendship.Initial, Friendship.Evolve, ct)).IsBlocked;
                    }

                    ConversationDecisions.EnsureCanSend(state, sender, blocked);
                    if (command.ReplyToSeq is { } reply && (reply < 1 || reply > await store.GetStreamVersionAsync(id.MessagesStream.Id, ct)))
                    {
                        throw RefusedException.Invalid("replyToSeq", "replyToSeq must be the seq of a message of this conversation.");
                    }

                    Upload? upload = null;
                    if (command.UploadId is { } uploadId)
                    {
                        // Uploads never change: their one-event stream is read, not held as a condition.
                        upload = await session.LoadAsync(new UploadId(uploadId).Stream, Upload.Initial, Upload.Evolve, ct);
                        if (!upload.Exists || upload.OwnerId != sender)
                        {
                            throw RefusedException.NotFound("No upload of yours has this uploadId.");
                        }

                        if (!MessageTypes.Fits(command.Type, upload))
                        {
                            throw RefusedException.Invalid("uploadId", $"The upload is {upload.ContentType}, which does not fit a {command.Type} message.");
                        }
                    }

                    var text = command.Text?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
                    var sent = new MessageSent(
                        id.Value, messageId, sender, command.ClientMessageId, command.Type, text, command.UploadId, command.ReplyToSeq, clock.UtcNow,
                        upload?.ContentType, upload?.Size);
                    session.AppendToLog(id.MessagesStream, [new EventToAppend(messageId, sent, metadata.Create(sender))]);
                    return sent;
                },
                (_, appended) =>
                {
                    var stream = appended!.Streams.Single(s => s.StreamId == id.MessagesStream.Id);
                    return new SentMessage(MessageView.From(stream.Events.Single()), !stream.WasDuplicate);
                },
                cancellationToken);
            return written with { Value = written.Value with { Message = await written.Value.Message.WithUrlAsync(storage, cancellationToken) } };
        }
        catch (EventIdConflictException)
        {
            // A resend with other content (its timestamp at least): the original stands.
            var original = await store.ReadEventAsync(id.MessagesStream.Id, messageId, cancellationToken)
                ?? throw RefusedException.Conflict("This clientMessageId was used for another message.");
            return new(new SentMessage(await MessageView.From(original).WithUrlAsync(storage, cancellationToken), false), original.Position);
        }
    }
}
