using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Projections.Engine;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace EventChat.Projections.ReadModels;

/// <summary>A read-model row that remembers the last event applied to it, so a replayed event is skipped.</summary>
public interface IProjectedRow
{
    Guid Id { get; }

    long LastPosition { get; set; }
}

/// <summary>
/// A MySQL projection with one row per entity, declared as one <c>On</c> per event: which row the
/// event belongs to, and how it changes that row (or creates it, from <c>null</c>). A batch loads every
/// row it touches in one query, applies the events in memory and saves once, inside the engine's
/// transaction; rows skip events they have applied already, so a replay changes nothing.
/// </summary>
public abstract class RowProjection<TRow>(ReadModelDbContextFactory contexts) : IMySqlProjection
    where TRow : class, IProjectedRow
{
    private readonly Dictionary<Type, Handler> _handlers = [];

    public abstract string Name { get; }

    public abstract ReadModelSet Writes { get; }

    public IReadOnlyCollection<Type> HandledEvents => _handlers.Keys;

    public abstract IReadOnlyList<string> Tables { get; }

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);

        // The engine passes only HandledEvents; a direct caller (a benchmark, a test) may pass the whole log.
        var relevant = events.Where(e => _handlers.ContainsKey(e.Data.GetType())).ToArray();
        if (relevant.Length == 0)
        {
            return;
        }

        await using var db = await contexts.ForBatchAsync(connection, transaction, cancellationToken);
        var ids = relevant.Select(e => _handlers[e.Data.GetType()].Key(e.Data)).Distinct().ToArray();
        var rows = await db.Set<TRow>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var e in relevant)
        {
            var handler = _handlers[e.Data.GetType()];
            var id = handler.Key(e.Data);
            rows.TryGetValue(id, out var row);
            if (row is not null && row.LastPosition >= e.Position)
            {
                continue;
            }

            var applied = handler.Apply(row, e.Data);
            if (applied is null)
            {
                continue;
            }

            if (row is null)
            {
                db.Set<TRow>().Add(applied);
                rows[id] = applied;
            }

            applied.LastPosition = e.Position;
        }

        await db.SaveChangesAsync(cancellationToken);
        RowsChanged(ids);
    }

    /// <summary>After a batch is saved (not yet committed): the ids of the rows it touched, for caches to drop.</summary>
    protected virtual void RowsChanged(IReadOnlyCollection<Guid> ids)
    {
    }

    /// <summary>
    /// Declares how <typeparamref name="TEvent"/> changes its row. <paramref name="apply"/> gets the row
    /// (null when there is none yet) and returns the row to keep: a new one, the same one changed, or
    /// null to ignore the event (an update of a row that does not exist).
    /// </summary>
    protected void On<TEvent>(Func<TEvent, Guid> rowId, Func<TRow?, TEvent, TRow?> apply)
    {
        ArgumentNullException.ThrowIfNull(rowId);
        ArgumentNullException.ThrowIfNull(apply);
        _handlers[typeof(TEvent)] = new Handler(e => rowId((TEvent)e), (row, e) => apply(row, (TEvent)e));
    }

    private sealed record Handler(Func<object, Guid> Key, Func<TRow?, object, TRow?> Apply);
}
