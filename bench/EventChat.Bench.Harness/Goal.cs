using System.Globalization;

namespace EventChat.Bench.Harness;

/// <summary>
/// A target printed beside the measured figure (met or not). Reporting only: a benchmark measures, it never
/// fails a build on a timing.
/// </summary>
public sealed record Goal(string Text, GoalKind Kind, double Minimum, int? Concurrency)
{
    /// <summary>Items/s of the scenario divided by items/s of its baseline at least <paramref name="minimum"/> at <paramref name="concurrency"/>.</summary>
    public static Goal Ratio(double minimum, int concurrency) =>
        new(string.Create(CultureInfo.InvariantCulture, $">= {minimum:0.0#}x baseline at c={concurrency}"), GoalKind.Ratio, minimum, concurrency);

    /// <summary>At least <paramref name="minimum"/> items/s, at <paramref name="concurrency"/> or at the best level when null.</summary>
    public static Goal ItemsPerSecond(double minimum, string itemUnit, int? concurrency = null) =>
        new(string.Create(CultureInfo.InvariantCulture, $">= {minimum:N0} {itemUnit}/s{(concurrency is null ? string.Empty : $" at c={concurrency}")}"),
            GoalKind.ItemsPerSecond, minimum, concurrency);
}

public enum GoalKind
{
    Ratio,
    ItemsPerSecond,
}
