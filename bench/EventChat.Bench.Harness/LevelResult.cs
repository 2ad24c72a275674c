using System.Diagnostics;

namespace EventChat.Bench.Harness;

/// <summary>One concurrency level of a scenario. Latencies are per operation, in milliseconds.</summary>
public sealed record LevelResult(
    int Concurrency,
    double Seconds,
    long Operations,
    long Items,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    string? FirstError)
{
    public double OperationsPerSecond => Seconds > 0 ? Operations / Seconds : 0;

    public double ItemsPerSecond => Seconds > 0 ? Items / Seconds : 0;

    /// <summary>Items/s divided by the baseline's items/s at the same level; null without a baseline.</summary>
    public double? Ratio { get; init; }

    /// <summary>CPU milliseconds per operation of each process watched with <see cref="BenchRun.WatchCpu"/>.</summary>
    public IReadOnlyDictionary<string, double> CpuMsPerOperation { get; init; } = new Dictionary<string, double>();

    /// <summary>Figures of the scenario's <see cref="Scenario.Probe"/>, by name.</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();

    public static LevelResult From(int concurrency, double seconds, long[] latencyTicks, long items, long errors, string? firstError)
    {
        Array.Sort(latencyTicks);
        return new LevelResult(
            concurrency,
            seconds,
            latencyTicks.LongLength,
            items,
            Percentile(latencyTicks, 0.50),
            Percentile(latencyTicks, 0.95),
            Percentile(latencyTicks, 0.99),
            Percentile(latencyTicks, 1.0),
            errors,
            firstError);
    }

    private static double Percentile(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return 0;
        }

        var index = Math.Clamp((int)Math.Ceiling(quantile * sortedTicks.Length) - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}
