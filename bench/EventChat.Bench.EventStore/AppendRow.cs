namespace EventChat.Bench.EventStore;

/// <summary>An append scenario of the store beside the raw-insert baseline at the same concurrency.</summary>
public sealed record AppendRow(string Scenario, int Concurrency, int Streams, LoadResult Store, LoadResult? Baseline)
{
    public double? Ratio => Baseline is { EventsPerSecond: > 0 } b ? Store.EventsPerSecond / b.EventsPerSecond : null;
}
