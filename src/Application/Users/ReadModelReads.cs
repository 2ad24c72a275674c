using EventChat.Application.Abstractions;

namespace EventChat.Application.Users;

/// <summary>Read-your-writes for queries: wait (bounded) for <c>minPosition</c>, then read.</summary>
public static class ReadModelReads
{
    public static async Task<T> ReadAsync<T>(
        IReadModelConsistency consistency,
        long? minPosition,
        Func<CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consistency);
        ArgumentNullException.ThrowIfNull(read);
        if (minPosition is > 0)
        {
            // After the bound the read answers with what the model has: stale beats failing.
            await consistency.WaitForPositionAsync(minPosition.Value, IReadModelConsistency.MaxWait, cancellationToken);
        }

        return await read(cancellationToken);
    }

    /// <summary>
    /// Reads one item; when the read model lacks it, waits (bounded) for the read models to apply the log
    /// as it stands and reads again. So a client that just signed up finds its profile without knowing
    /// about <c>minPosition</c>, while a read of something that exists costs nothing extra.
    /// </summary>
    public static async Task<T?> ReadOrCatchUpAsync<T>(
        IReadModelConsistency consistency,
        long? minPosition,
        Func<CancellationToken, Task<T?>> read,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(consistency);
        var found = await ReadAsync(consistency, minPosition, read, cancellationToken);
        if (found is not null || !await consistency.CatchUpAsync(IReadModelConsistency.MaxWait, cancellationToken))
        {
            return found;
        }

        return await read(cancellationToken);
    }
}
