using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Projections.Engine;
using MySqlConnector;

namespace EventChat.Projections.Accounts;

/// <summary>
/// <c>rm_ended_sessions</c>: every session that ended (logout, refresh-token reuse). Access tokens name their
/// session (<c>sid</c>); <see cref="SessionRevocations"/> refuses those of an ended one. This process knows at once;
/// the others read the new rows within <see cref="SessionRevocations.RefreshEvery"/>.
/// </summary>
public sealed class EndedSessionsProjection(SessionRevocations revocations) : IMySqlProjection
{
    public const string ProjectionName = "ended-sessions";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.Sessions;

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
        foreach (var data in ended.Select(e => (SessionEnded)e.Data))
        {
            revocations.Add(data.SessionId, data.EndedAt);
        }
    }
}
