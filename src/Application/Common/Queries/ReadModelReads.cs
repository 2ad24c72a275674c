using EventChat.Application.Abstractions;

namespace EventChat.Application.Common.Queries;

/// <summary>
/// Read-your-writes for queries: wait (bounded) for <c>minPosition</c> in the read models the query reads, then
/// read. Without it a read answers from the read model as it is: a missing row is an immediate 404, never a wait.
/// </summary>
public static class ReadModelReads
{
    public static async Task<T> ReadAsync<T>(
        IReadModelConsistency consistency,
        ReadModelSet readModels,
        long? minPosition,
        Func<CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consistency);
        ArgumentNullException.ThrowIfNull(read);
        if (minPosition is > 0)
        {
            // After the bound the read answers with what the model has: stale beats failing.
            await consistency.WaitForPositionAsync(minPosition.Value, readModels, IReadModelConsistency.MaxWait, cancellationToken);
        }

        return await read(cancellationToken);
    }
}
