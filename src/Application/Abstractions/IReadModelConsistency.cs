namespace EventChat.Application.Abstractions;

/// <summary>Read-your-writes: lets a query wait until the read models have applied a given global position.</summary>
public interface IReadModelConsistency
{
    /// <summary>The longest a read waits for <c>minPosition</c> (5 s in the API contract).</summary>
    static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    /// <summary>True once every projection has reached <paramref name="position"/>; false when <paramref name="timeout"/> passed first.</summary>
    Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// True once the projections that write <paramref name="readModels"/> have reached <paramref name="position"/>;
    /// false when <paramref name="timeout"/> passed first.
    /// </summary>
    Task<bool> WaitForPositionAsync(long position, ReadModelSet readModels, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Waits until every read model has applied the log as it stands now (bounded by <paramref name="timeout"/>).</summary>
    Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
