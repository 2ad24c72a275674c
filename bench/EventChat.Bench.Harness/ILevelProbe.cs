namespace EventChat.Bench.Harness;

/// <summary>
/// Something measured beside a level's operations (projection lag, memory): started before the workers,
/// stopped after them and disposed; its figures land in <see cref="LevelResult.Extra"/>, the table and the JSON.
/// </summary>
public interface ILevelProbe : IAsyncDisposable
{
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The figures, by name with their unit ("lag p99 ms").</summary>
    Task<IReadOnlyDictionary<string, double>> StopAsync(CancellationToken cancellationToken);
}
