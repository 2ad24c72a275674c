using System.Globalization;

namespace EventChat.Bench.Harness;

/// <summary>
/// The command line every benchmark shares: <c>--quick</c>, <c>--duration</c>, <c>--warmup</c>,
/// <c>--first-warmup</c>, <c>--levels</c>, <c>--output</c>. A benchmark may declare its own options (each taking one value), which
/// land in <see cref="Extra"/>.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>Untimed load before each measured window (fills pools, creates streams, warms the JIT).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The warm-up of the run's first level, when it needs more than the others: a process the benchmark started
    /// compiles its hot code once (the JIT's tier 1), and on two busy cores that takes longer than a level's warm-up,
    /// so the first scenario would be measured half-compiled. Null: the same as <see cref="Warmup"/>.
    /// </summary>
    public TimeSpan? FirstWarmup { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    public IReadOnlyList<int> Levels { get; init; } = [1, 8, 32, 64];

    /// <summary>The JSON results; null means bench/results/{name}.json under the repository root.</summary>
    public string? Output { get; init; }

    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public const string CommonUsage =
        """
          --quick             short phases for a smoke run (1 s warm-up, 2 s measured, smaller data)
          --duration SECONDS  measured window per level (default 8)
          --warmup SECONDS    untimed load before each window (default 2)
          --first-warmup SECONDS  untimed load before the run's first window (default: --warmup)
          --levels 1,8,32,64  concurrency levels
          --output PATH       JSON results (default bench/results/NAME.json)
        """;

    /// <param name="defaultLevels">The benchmark's levels when <c>--levels</c> is absent.</param>
    /// <param name="extraOptions">Options of this benchmark only, each taking one value (for example <c>--log-events</c>).</param>
    public static BenchOptions Parse(IReadOnlyList<string> args, IReadOnlyList<int>? defaultLevels = null, IReadOnlyCollection<string>? extraOptions = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions { Levels = defaultLevels ?? [1, 8, 32, 64] };
        if (args.Contains("--quick"))
        {
            options = options with { Quick = true, Warmup = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(2) };
        }

        var extra = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--duration":
                    options = options with { Duration = TimeSpan.FromSeconds(Number(args, ++i, 0.2, 3600)) };
                    break;
                case "--warmup":
                    options = options with { Warmup = TimeSpan.FromSeconds(Number(args, ++i, 0, 600)) };
                    break;
                case "--first-warmup":
                    options = options with { FirstWarmup = TimeSpan.FromSeconds(Number(args, ++i, 0, 600)) };
                    break;
                case "--levels":
                    options = options with { Levels = LevelsOf(args, ++i) };
                    break;
                case "--output":
                    options = options with { Output = Value(args, ++i) };
                    break;
                case var name when extraOptions?.Contains(name) == true:
                    extra[name] = Value(args, ++i);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return options with { Extra = extra };
    }

    /// <summary>A benchmark-specific number: <c>--quick</c> picks <paramref name="quick"/> unless the option was given.</summary>
    public long ExtraNumber(string option, long full, long quick)
    {
        if (!Extra.TryGetValue(option, out var text))
        {
            return Quick ? quick : full;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"Option '{option}' takes a positive whole number, got '{text}'.");
    }

    private static int[] LevelsOf(IReadOnlyList<string> args, int i)
    {
        var text = Value(args, i);
        var levels = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4096
                ? n
                : throw new ArgumentException($"Option '--levels' takes numbers from 1 to 4096 separated by commas, got '{text}'."))
            .Distinct()
            .ToArray();
        return levels.Length > 0 ? levels : throw new ArgumentException("Option '--levels' needs at least one level.");
    }

    private static string Value(IReadOnlyList<string> args, int i) =>
        i < args.Count ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value.");

    private static double Number(IReadOnlyList<string> args, int i, double min, double max)
    {
        var text = Value(args, i);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"Option '{args[i - 1]}' takes a number from {min} to {max}, got '{text}'.");
        }

        return value;
    }
}
