namespace EventChat.Bench.EventStore;

/// <summary>
/// One measured window: operations and events completed inside it, latency percentiles of those
/// operations, and the server-wide counter deltas over it.
/// </summary>
public sealed record LoadResult(
    string Label,
    int Concurrency,
    double Seconds,
    long Operations,
    long Events,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    string? FirstError,
    ServerCounters ServerDelta,
    CpuUsage Cpu)
{
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;

    public double OperationsPerSecond => Seconds > 0 ? Operations / Seconds : 0;

    public double PerOperation(long counter) => Operations > 0 ? (double)counter / Operations : 0;

    /// <summary>Microseconds of CPU per operation for <paramref name="seconds"/> of CPU over the window.</summary>
    public double? MicrosecondsPerOperation(double? seconds) => seconds is { } s && Operations > 0 ? s * 1e6 / Operations : null;
}
