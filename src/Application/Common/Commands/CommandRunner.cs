using EventChat.Application.Abstractions.EventStore;

namespace EventChat.Application.Common.Commands;

/// <summary>
/// The one command path: load (fold) → pure decision → one atomic append with the versions folded →
/// on a conflict, run the whole command again on the new state, a bounded number of times. No
/// handler decides on state and then appends with "any version".
/// </summary>
public sealed class CommandRunner(IEventStore store, EventMetadataFactory metadata, StreamStateCache? cache = null)
{
    /// <summary>Runs beyond the first, when streams keep moving under the command: then it is a 409.</summary>
    public const int MaxRetries = 4;

    /// <summary>
    /// Runs <paramref name="decide"/> against fresh state until its append commits. <paramref name="decide"/>
    /// must be free of side effects other than through the session: it may run several times.
    /// </summary>
    public async Task<WriteResult<T>> RunAsync<T>(Func<CommandSession, CancellationToken, Task<T>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 0; ; attempt++)
        {
            var session = new CommandSession(store, metadata, cache);
            var value = await decide(session, cancellationToken);
            if (session.Appends.Count == 0 || session.Appends.All(a => a.Events.Count == 0))
            {
                return new WriteResult<T>(value, 0);
            }

            try
            {
                var result = await store.AppendAsync(session.Appends, cancellationToken);
                ForgetWritten(session);
                return new WriteResult<T>(value, result.LastPosition);
            }
            catch (WrongExpectedVersionException) when (attempt < MaxRetries)
            {
                // Someone else's command moved a stream this decision read: decide again on what is there now.
                ForgetConditions(session);
            }
        }
    }

    /// <summary>
    /// Like <see cref="RunAsync{T}"/>, for answers that depend on what the store assigned: <paramref name="complete"/>
    /// makes the value from the decision and the committed append (null when nothing was appended), for example a
    /// message's seq, which is the stream version the writer gave it.
    /// </summary>
    public async Task<WriteResult<T>> RunAsync<TDecision, T>(
        Func<CommandSession, CancellationToken, Task<TDecision>> decide,
        Func<TDecision, MultiStreamAppendResult?, T> complete,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentNullException.ThrowIfNull(complete);
        for (var attempt = 0; ; attempt++)
        {
            var session = new CommandSession(store, metadata, cache);
            var decision = await decide(session, cancellationToken);
            if (session.Appends.Count == 0 || session.Appends.All(a => a.Events.Count == 0))
            {
                return new WriteResult<T>(complete(decision, null), 0);
            }

            try
            {
                var result = await store.AppendAsync(session.Appends, cancellationToken);
                ForgetWritten(session);
                return new WriteResult<T>(complete(decision, result), result.LastPosition);
            }
            catch (WrongExpectedVersionException) when (attempt < MaxRetries)
            {
                // As above: decide again on fresh state.
                ForgetConditions(session);
            }
        }
    }

    /// <summary>A cached state that one of the conditions may have failed on is read again next time.</summary>
    private void ForgetConditions(CommandSession session)
    {
        foreach (var stream in session.ConditionLoads)
        {
            cache?.Remove(stream);
        }
    }

    /// <summary>A cached state of a stream this command wrote to is out of date now.</summary>
    private void ForgetWritten(CommandSession session)
    {
        foreach (var append in session.Appends.Where(a => a.Events.Count > 0 && session.ConditionLoads.Contains(a.Stream.Id)))
        {
            cache?.Remove(append.Stream.Id);
        }
    }
}

/// <summary>What a command decided and the global position of its last event (0 when it wrote nothing).</summary>
public readonly record struct WriteResult<T>(T Value, long Position);
