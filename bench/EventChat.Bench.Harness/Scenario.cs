namespace EventChat.Bench.Harness;

/// <summary>
/// What to measure. <see cref="CreateWorker"/> is called once per worker at each concurrency level (untimed)
/// and returns the operation that worker repeats in a closed loop (it starts its next operation when the last
/// one returns). By default each level runs <c>--warmup</c> then <c>--duration</c>; with
/// <see cref="OperationsPerLevel"/> it runs exactly that many operations instead, without warm-up (a pass
/// over a log, a rebuild, seeding).
/// </summary>
public sealed class Scenario
{
    public required string Name { get; init; }

    public required Func<WorkerContext, CancellationToken, Task<Operation>> CreateWorker { get; init; }

    /// <summary>What one operation is, plural: "appends", "requests", "pages".</summary>
    public string OperationUnit { get; init; } = "ops";

    /// <summary>What an operation carries when it carries several ("events"); null when an operation is one item.</summary>
    public string? ItemUnit { get; init; }

    /// <summary>Name of a scenario measured earlier in the same run; the table shows items/s divided by its items/s at the same level.</summary>
    public string? Baseline { get; init; }

    /// <summary>Targets printed beside the figures (met or not); never a failure.</summary>
    public IReadOnlyList<Goal> Goals { get; init; } = [];

    /// <summary>Concurrency levels; null means <c>--levels</c>.</summary>
    public IReadOnlyList<int>? Levels { get; init; }

    /// <summary>Run exactly this many operations per level (spread over the workers) instead of a timed window.</summary>
    public long? OperationsPerLevel { get; init; }

    /// <summary>False for preparation (seeding, an untimed pass): progress is shown, but the row stays out of the table and the JSON.</summary>
    public bool Reported { get; init; } = true;

    /// <summary>One line in the table's notes: what the scenario does, so the table reads without the source.</summary>
    public string? Description { get; init; }

    /// <summary>Created for each level; measures beside the operations (for example how far a projection lags).</summary>
    public Func<ILevelProbe>? Probe { get; init; }

    public string Unit => ItemUnit ?? OperationUnit;
}
