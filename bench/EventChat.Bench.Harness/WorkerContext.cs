namespace EventChat.Bench.Harness;

/// <summary>
/// What a scenario's worker factory gets: which worker of how many, per-level shared state, and a place to
/// hand over what must be disposed when the level ends (connections, clients).
/// </summary>
public sealed class WorkerContext
{
    private readonly Dictionary<Type, object> _shared = [];
    private readonly List<object> _owned;

    internal WorkerContext(int concurrency, List<object> owned)
    {
        Concurrency = concurrency;
        _owned = owned;
    }

    public int Concurrency { get; }

    public int Worker { get; internal set; }

    /// <summary>One instance per level, created by the first worker that asks (workers are created one after another).</summary>
    public T Shared<T>(Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        if (_shared.TryGetValue(typeof(T), out var existing))
        {
            return (T)existing;
        }

        var created = create();
        _shared[typeof(T)] = created;
        Owns(created);
        return created;
    }

    /// <summary>Disposed (if disposable) after the level, in reverse order.</summary>
    public T Owns<T>(T resource)
    {
        if (resource is IAsyncDisposable or IDisposable)
        {
            _owned.Add(resource);
        }

        return resource;
    }
}
