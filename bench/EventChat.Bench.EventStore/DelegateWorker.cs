namespace EventChat.Bench.EventStore;

/// <summary>A worker whose operation is a delegate, for one-off operations such as the round-trip probe's.</summary>
public sealed class DelegateWorker(Func<CancellationToken, ValueTask<int>> operation) : IBenchWorker
{
    public ValueTask<int> RunOnceAsync(CancellationToken cancellationToken) => operation(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
