using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EventChat.Bench.EventStore;

/// <summary>The end of a run: a markdown table on the console and <c>bench/results/event-store.json</c>.</summary>
public sealed class BenchReport(
    BenchOptions options,
    ServerInfo server,
    BenchDatabase database,
    IReadOnlyList<RoundTripResult> roundTrips,
    IReadOnlyList<AppendRow> appends,
    IReadOnlyList<ReadResult> reads,
    long logEvents,
    TimeSpan elapsed,
    string? loadAverageAtStart,
    string? loadAverageAtEnd)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private static readonly string[] MainHeader = ["scenario", "concurrency", "events/s", "baseline rows/s", "ratio", "p50 ms", "p99 ms"];
    private static readonly string[] CostHeader = ["operation (sequential, via counting relay)", "round trips/op", "statements/op", "COMMITs/op"];
    private static readonly string[] CounterHeader =
        ["measured window", "concurrency", "ops/s", "statements/op", "fsyncs/op", "row-lock waits/op", "client CPU µs/op", "server CPU µs/op", "machine CPU busy"];
    private readonly DateTimeOffset _finishedAt = DateTimeOffset.UtcNow;

    public string Table()
    {
        var main = new List<string[]> { MainHeader };
        foreach (var row in appends)
        {
            main.Add([row.Scenario, Int(row.Concurrency), Rate(row.Store.EventsPerSecond), row.Baseline is null ? "-" : Rate(row.Baseline.EventsPerSecond),
                row.Ratio is { } r ? Ratio(r) : "-", Ms(row.Store.P50Ms), Ms(row.Store.P99Ms)]);
        }

        foreach (var row in appends.Where(a => a.Streams > 1 && a.Baseline is not null))
        {
            main.Add(["baseline: raw INSERT, autocommit", Int(row.Concurrency), Rate(row.Baseline!.EventsPerSecond), "-", "-", Ms(row.Baseline.P50Ms), Ms(row.Baseline.P99Ms)]);
        }

        var plain = reads.FirstOrDefault(r => r.Label.Contains("without lock", StringComparison.Ordinal));
        foreach (var read in reads)
        {
            var isBaseline = ReferenceEquals(read, plain);
            main.Add([$"global log {read.Label} (ms per page)", "1", Rate(read.EventsPerSecond),
                isBaseline || plain is null ? "-" : Rate(plain.EventsPerSecond),
                isBaseline || plain is null ? "-" : Ratio(read.EventsPerSecond / plain.EventsPerSecond),
                Ms(read.P50PageMs), Ms(read.P99PageMs)]);
        }

        var cost = new List<string[]> { CostHeader };
        cost.AddRange(roundTrips.Select(r => new[] { r.Operation, Fixed(r.RoundTripsPerOperation), Fixed(r.StatementsPerOperation), Fixed(r.CommitsPerOperation) }));

        var counters = new List<string[]> { CounterHeader };
        foreach (var result in appends.SelectMany(a => a.Streams > 1 && a.Baseline is not null ? new[] { a.Store, a.Baseline } : [a.Store]))
        {
            var d = result.ServerDelta;
            counters.Add([result.Label, Int(result.Concurrency), Rate(result.OperationsPerSecond), Fixed(result.PerOperation(d.Questions)),
                Fixed(result.PerOperation(d.DataFsyncs)), Fixed(result.PerOperation(d.RowLockWaits)),
                Micros(result.MicrosecondsPerOperation(result.Cpu.ClientSeconds)), Micros(result.MicrosecondsPerOperation(result.Cpu.ServerSeconds)),
                Percent(result.Cpu.MachineBusyFraction)]);
        }

        var text = new StringBuilder();
        text.AppendLine(Markdown(main));
        text.AppendLine();
        text.AppendLine(Markdown(cost));
        text.AppendLine();
        text.AppendLine(Markdown(counters));
        text.AppendLine();
        text.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, MariaDB/MySQL {server.Version}, innodb_flush_log_at_trx_commit={server.InnodbFlushLogAtTrxCommit}; {options.Duration.TotalSeconds:0.#} s per append scenario after {options.Warmup.TotalSeconds:0.#} s warm-up; global log of {logEvents:N0} events; run took {elapsed.TotalSeconds:0} s; load average {loadAverageAtStart ?? "?"} at start, {loadAverageAtEnd ?? "?"} at end."));
        text.AppendLine("Statements, fsyncs and lock waits are server-wide status counters; machine CPU busy counts every process on the machine.");
        var errors = appends.SelectMany(a => new[] { a.Store, a.Baseline }).OfType<LoadResult>().Where(r => r.Errors > 0).ToList();
        foreach (var e in errors.Distinct())
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"ERRORS in {e.Label}: {e.Errors} (first: {e.FirstError})"));
        }

        return text.ToString();
    }

    /// <summary>Writes the JSON file under <paramref name="repositoryRoot"/> (unless the output path is absolute) and returns its path.</summary>
    public string Write(string repositoryRoot)
    {
        var path = Path.IsPathRooted(options.Output) ? options.Output : Path.Combine(repositoryRoot, options.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(Document(), Json) + "\n");
        return path;
    }

    private object Document() => new
    {
        Benchmark = "event-store",
        Command = options.Quick ? "make bench-store BENCH_ARGS=--quick" : "make bench-store",
        Timestamp = _finishedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Mode = options.Quick ? "quick" : "full",
        DurationSeconds = Round(elapsed.TotalSeconds, 1),
        Machine = new
        {
            Environment.ProcessorCount,
            LoadAverageAtStart = loadAverageAtStart,
            LoadAverageAtEnd = loadAverageAtEnd,
            Os = RuntimeInformation.OSDescription,
            Architecture = RuntimeInformation.OSArchitecture.ToString(),
            Runtime = RuntimeInformation.FrameworkDescription,
        },
        Server = server,
        Database = new { database.Name, database.User, database.How },
        Settings = new
        {
            WarmupSeconds = options.Warmup.TotalSeconds,
            MeasuredSecondsPerAppendScenario = options.Duration.TotalSeconds,
            options.StreamsPerScenario,
            PayloadJsonBytes = Encoding.UTF8.GetByteCount(Infrastructure.EventStore.EventTypeRegistry.Serialize(StoreAppendWorker.NewEvent(0, 1))),
            MetadataJsonBytes = Encoding.UTF8.GetByteCount(BaselineInsertWorker.MetadataJson(0)),
            GlobalLogEvents = logEvents,
        },
        Appends = appends.Select(a => new
        {
            a.Scenario,
            a.Concurrency,
            a.Streams,
            EventsPerSecond = Round(a.Store.EventsPerSecond, 1),
            BaselineRowsPerSecond = a.Baseline is null ? (double?)null : Round(a.Baseline.EventsPerSecond, 1),
            Ratio = a.Ratio is { } r ? Round(r, 3) : (double?)null,
            Store = Load(a.Store),
            Baseline = a.Baseline is null ? null : Load(a.Baseline),
        }),
        Reads = reads.Select(r => new
        {
            r.Label,
            r.BatchSize,
            r.Events,
            r.Pages,
            EventsPerSecond = Round(r.EventsPerSecond, 1),
            MeanSecondsPerPass = Round(r.Seconds, 3),
            P50PageMs = Round(r.P50PageMs, 3),
            P99PageMs = Round(r.P99PageMs, 3),
            PassEventsPerSecond = r.PassEventsPerSecond.Select(x => Round(x, 1)),
        }),
        RoundTrips = roundTrips.Select(r => new
        {
            r.Operation,
            r.Operations,
            RoundTripsPerOperation = Round(r.RoundTripsPerOperation, 2),
            StatementsPerOperation = Round(r.StatementsPerOperation, 2),
            CommitsPerOperation = Round(r.CommitsPerOperation, 2),
        }),
    };

    private static object Load(LoadResult r) => new
    {
        r.Label,
        r.Concurrency,
        r.Seconds,
        r.Operations,
        r.Events,
        EventsPerSecond = Round(r.EventsPerSecond, 1),
        P50Ms = Round(r.P50Ms, 3),
        P99Ms = Round(r.P99Ms, 3),
        MaxMs = Round(r.MaxMs, 3),
        r.Errors,
        r.FirstError,
        ServerPerOperation = new
        {
            Statements = Round(r.PerOperation(r.ServerDelta.Questions), 2),
            Commits = Round(r.PerOperation(r.ServerDelta.Commits), 2),
            DataFsyncs = Round(r.PerOperation(r.ServerDelta.DataFsyncs), 3),
            LogWrites = Round(r.PerOperation(r.ServerDelta.LogWrites), 3),
            RowLockWaits = Round(r.PerOperation(r.ServerDelta.RowLockWaits), 3),
        },
        ServerRowLockTimeMs = r.ServerDelta.RowLockTimeMs,
        Cpu = new
        {
            ClientMicrosecondsPerOperation = RoundOrNull(r.MicrosecondsPerOperation(r.Cpu.ClientSeconds), 1),
            ServerMicrosecondsPerOperation = RoundOrNull(r.MicrosecondsPerOperation(r.Cpu.ServerSeconds), 1),
            MachineBusyFraction = RoundOrNull(r.Cpu.MachineBusyFraction, 3),
        },
    };

    private static string Markdown(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            text.Append('|');
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = rows[i][c];
                text.Append(' ').Append(c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])).Append(" |");
            }

            text.AppendLine();
            if (i == 0)
            {
                text.Append('|');
                for (var c = 0; c < widths.Length; c++)
                {
                    text.Append(c == 0 ? " :" : " ").Append(new string('-', c == 0 ? widths[c] - 1 : widths[c] - 1)).Append(c == 0 ? " |" : ": |");
                }

                text.AppendLine();
            }
        }

        return text.ToString().TrimEnd();
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static double? RoundOrNull(double? value, int digits) => value is { } v ? Round(v, digits) : null;

    private static string Micros(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    private static string Fixed(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
