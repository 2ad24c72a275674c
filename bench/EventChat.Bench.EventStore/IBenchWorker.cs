namespace EventChat.Bench.EventStore;

/// <summary>One concurrent worker of a load scenario.</summary>
public interface IBenchWorker : IAsyncDisposable
{
    /// <summary>Runs one operation (one transaction) and returns how many events or rows it wrote.</summary>
    ValueTask<int> RunOnceAsync(CancellationToken cancellationToken);
}
