using System.Globalization;

namespace EventChat.Bench.EventStore;

/// <summary>
/// Command line of the benchmark. The defaults take about 1.5 minutes on 2 cores; <c>--quick</c> about 40 s.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>Untimed load before each measured window (fills the pool, creates the streams, warms the JIT).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The measured window of each append or insert scenario.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The global log is seeded with multi-event appends up to this many events before it is read.</summary>
    public int MinLogEvents { get; init; } = 60_000;

    /// <summary>Timed passes over the whole log per read scenario (the figure is their median; one pass takes well under a second).</summary>
    public int ReadPasses { get; init; } = 5;

    /// <summary>Sequential operations sent through the counting proxy to measure round trips per operation.</summary>
    public int ProbeOperations { get; init; } = 200;

    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 8, 32];

    /// <summary>Streams per append scenario, spread over its workers (each worker owns its own streams).</summary>
    public int StreamsPerScenario { get; init; } = 100;

    /// <summary>Where the JSON results go; relative paths are relative to the repository root.</summary>
    public string Output { get; init; } = Path.Combine("bench", "results", "event-store.json");

    public const string Usage =
        """
        usage: dotnet run -c Release --project bench/EventChat.Bench.EventStore -- [options]
          --quick             short windows (1 s warm-up, 3 s measured, 20k events read), about 40 s in all
          --duration SECONDS  measured window per append scenario (default 8)
          --warmup SECONDS    warm-up before each window (default 2)
          --min-events N      seed the global log up to N events before reading it (default 60000)
          --output PATH       JSON results (default bench/results/event-store.json)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        if (args.Contains("--quick"))
        {
            options = options with
            {
                Quick = true,
                Warmup = TimeSpan.FromSeconds(1),
                Duration = TimeSpan.FromSeconds(3),
                MinLogEvents = 20_000,
                ReadPasses = 2,
                ProbeOperations = 50,
            };
        }

        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--duration":
                    options = options with { Duration = TimeSpan.FromSeconds(Number(args, ++i, 0.5, 600)) };
                    break;
                case "--warmup":
                    options = options with { Warmup = TimeSpan.FromSeconds(Number(args, ++i, 0, 600)) };
                    break;
                case "--min-events":
                    options = options with { MinLogEvents = (int)Number(args, ++i, 1_000, 10_000_000) };
                    break;
                case "--output":
                    options = options with { Output = Value(args, ++i) };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return options;
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
