namespace EventChat.Bench.Harness;

/// <summary>
/// Something measured beside a level's operations (projection lag, memory): started before the workers,
/// stopped after them and disposed; its figures land in <see cref="LevelResult.Extra"/>, the table and the JSON.
/// </summary>
public interface ILevelProbe : IAsyncDisposable
{
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The figures, by name with their unit ("lag p99 ms"), of what happened inside <paramref name="window"/> only: the
    /// probe runs through the warm-up too, whose first seconds (code not yet compiled, caches empty) are not what the
    /// level measures.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> StopAsync(MeasuredWindow window, CancellationToken cancellationToken);
}

/// <summary>A level's measuring window, after its warm-up, in UTC (the clock the services' timestamps use).</summary>
public sealed record MeasuredWindow(DateTime FromUtc, DateTime ToUtc)
{
    public bool Contains(DateTime utc) => utc >= FromUtc && utc < ToUtc;
}
