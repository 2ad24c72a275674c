namespace EventChat.Bench.EventStore;

/// <summary>One read scenario over the whole global log: the median of its passes (robust to a pass hit by other work), and per-page latency over all passes.</summary>
public sealed record ReadResult(
    string Label,
    int BatchSize,
    long Events,
    long Pages,
    double Seconds,
    double P50PageMs,
    double P99PageMs,
    IReadOnlyList<double> PassEventsPerSecond)
{
    public double EventsPerSecond
    {
        get
        {
            if (PassEventsPerSecond.Count == 0)
            {
                return 0;
            }

            var sorted = PassEventsPerSecond.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
