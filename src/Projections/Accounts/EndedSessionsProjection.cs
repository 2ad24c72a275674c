using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Projections.Engine;
using MySqlConnector;

namespace EventChat.Projections.Accounts;

/// <summary>
/// <c>rm_ended_sessions</c>: every session that ended (logout, refresh-token reuse). Access tokens name their
/// session (<c>sid</c>); <see cref="SessionRevocations"/> refuses those of an ended one. In this process the
/// cached answer for the session is dropped at once; elsewhere it expires within <see cref="SessionRevocations.CacheFor"/>.
/// </summary>
public sealed class EndedSessionsProjection(SessionRevocations revocations) : IMySqlProjection
{
    public const string ProjectionName = "ended-sessions";

    public string Name => ProjectionName;

    public IReadOnlyCollection<Type> HandledEvents { get; } = [typeof(SessionEnded)];

    public IReadOnlyList<string> Tables { get; } = ["rm_ended_sessions"];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ended = events.Where(e => e.Data is SessionEnded).ToArray();
        if (ended.Length == 0)
        {
            return;
        }
        var rows = ended.Select(e => (SessionEnded)e.Data).Zip(ended, (data, e) => new
        {
            id = data.SessionId.ToString("D"),
            reason = data.Reason,
            endedAt = data.EndedAt.UtcDateTime,
            position = e.Position,
        }).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT IGNORE INTO rm_ended_sessions (session_id, reason, ended_at, last_position) VALUES (@id, @reason, @endedAt, @position)",
            rows,
            transaction,
            cancellationToken: cancellationToken));
        foreach (var e in ended)
        {
            revocations.Forget(((SessionEnded)e.Data).SessionId);
        }
    }
}
