namespace EventChat.Bench.Harness;

/// <summary>A measured scenario: its levels, and the verdict on each of its goals.</summary>
public sealed record ScenarioResult(
    string Name,
    string OperationUnit,
    string? ItemUnit,
    string? Baseline,
    string? Description,
    IReadOnlyList<LevelResult> Levels)
{
    public IReadOnlyList<GoalResult> Goals { get; init; } = [];
}

/// <param name="Measured">The figure the goal is judged on (a ratio or items/s); null when the level it names was not run.</param>
public sealed record GoalResult(string Goal, double? Measured, bool? Met);
