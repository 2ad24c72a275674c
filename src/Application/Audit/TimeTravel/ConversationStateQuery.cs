using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Conversations;
using EventChat.Domain.Conversations;
using Mediator;

namespace EventChat.Application.Audit.TimeTravel;

/// <summary><c>GET /api/audit/conversations/{id}/state</c>: the conversation as it stood then.</summary>
public sealed record ConversationStateQuery(Guid ConversationId, AuditInstant Instant) : IQuery<ConversationState>;

/// <summary>
/// A conversation as it stood at <see cref="AsOf"/>: its members and roles, name, announcement, the last message
/// seq written by then and that message (redacted like every audit answer), and which seqs were recalled.
/// <see cref="Version"/> is the conversation stream's version folded (messages have their own stream).
/// </summary>
public sealed record ConversationState(
    Guid Id,
    string Type,
    string? Name,
    string? Announcement,
    bool Ended,
    IReadOnlyList<ConversationStateMember> Members,
    long LastSeq,
    AuditEvent? LastMessage,
    IReadOnlyList<long> RecalledSeqs,
    long Version,
    DateTimeOffset AsOf);

public sealed record ConversationStateMember(Guid UserId, string Role, DateTimeOffset JoinedAt);

public sealed class ConversationStateHandler(IEventStore store, IAuditLog log) : IQueryHandler<ConversationStateQuery, ConversationState>
{
    public async ValueTask<ConversationState> Handle(ConversationStateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = new ConversationId(query.ConversationId);
        var folded = await query.Instant.FoldAsync(
            store, id.Stream.Id, Conversation.Initial, Conversation.Evolve, "There is no such conversation at that time.", cancellationToken);

        // The messages stream is read at the same instant: for a version of the conversation stream, the instant of its event.
        var messages = id.MessagesStream.Id;
        var lastSeq = query.Instant is { At: null, Version: null }
            ? await store.GetStreamVersionAsync(messages, cancellationToken)
            : await log.VersionAtAsync(messages, folded.AsOf, cancellationToken);
        var lastMessage = lastSeq == 0 ? null : (await log.ReadStreamAsync(messages, lastSeq, lastSeq, 1, cancellationToken)).SingleOrDefault();

        var state = folded.State;
        return new ConversationState(
            state.Id,
            state.Type == ConversationType.Group ? ConversationTypes.Group : ConversationTypes.Direct,
            state.Type == ConversationType.Group ? state.Name : null,
            state.Type == ConversationType.Group ? state.Announcement : null,
            state.Ended,
            state.Members.Values.OrderBy(m => m.JoinOrder).Select(m => new ConversationStateMember(m.UserId, m.Role, m.JoinedAt)).ToArray(),
            lastSeq,
            lastMessage,
            state.Recalled.Order().ToArray(),
            folded.Version,
            folded.AsOf);
    }
}
