using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventChat.Bench.Harness;

/// <summary>
/// One benchmark run: measures scenarios one after another (each at its concurrency levels), prints a line
/// per level and progress every few seconds, then one table and bench/results/{name}.json. See
/// docs/benchmarks.md for how to write a scenario.
/// </summary>
public sealed class BenchRun(string name, string title, BenchOptions options)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly string? _loadAtStart = LoadAverage();
    private readonly List<ScenarioResult> _results = [];
    private readonly Dictionary<string, ScenarioResult> _byName = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _notes = [];
    private readonly List<KeyValuePair<string, int>> _watched = [];
    private int _timedLevels;

    public BenchOptions Options { get; } = options;

    public IReadOnlyList<ScenarioResult> Results => _results;

    /// <summary>
    /// The whole program around a benchmark: <c>--help</c>, option errors (exit 2), Ctrl+C (exit 130), and
    /// any exception as one line (exit 1). <paramref name="body"/> measures and returns the exit code.
    /// </summary>
    public static async Task<int> MainAsync(
        string[] args,
        string usage,
        Func<string[], BenchOptions> parse,
        Func<BenchOptions, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"bench: {ex.Message}");
            await Console.Error.WriteLineAsync(usage);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            return await body(options, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bench: cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A benchmark that fails says why in one line (the stack is rarely the point) and exits non-zero.
            await Console.Error.WriteLineAsync($"bench: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    public void Start()
    {
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"{title} ({(Options.Quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, load average {_loadAtStart ?? "?"}, " +
            $"levels {string.Join(',', Options.Levels)}, warm-up {Options.Warmup.TotalSeconds:0.#} s{(Options.FirstWarmup is { } first ? $" ({first.TotalSeconds:0.#} s before the first level)" : "")}, window {Options.Duration.TotalSeconds:0.#} s"));
    }

    /// <summary>A fact about the run (server version, data size) printed now and kept in the JSON.</summary>
    public void Note(string key, string value)
    {
        _notes.Add(new(key, value));
        Log($"  {key}: {value}");
    }

    /// <summary>From now on, each level also records this process's CPU milliseconds per operation (Linux).</summary>
    public void WatchCpu(string label, int pid) => _watched.Add(new(label, pid));

    /// <summary>
    /// Also watches the MariaDB and Redis that <c>make services</c> runs for this checkout (their pid files under
    /// <c>.local/</c>), when they run: on two shared cores, what the database spends per message is as much a part of the
    /// cost as what the Api spends.
    /// </summary>
    public void WatchLocalServices()
    {
        foreach (var (label, pidFile, command) in new[]
                 {
                     ("mariadb", Path.Combine("mariadb", "mariadb.pid"), "mariadbd"), ("redis", Path.Combine("redis", "redis.pid"), "redis-server"),
                 })
        {
            // A stale pid file may name a pid that another process has since been given: watch it only under its name.
            var path = Path.Combine(RepositoryRoot(), ".local", pidFile);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var pid)
                && File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim().StartsWith(command, StringComparison.Ordinal))
            {
                WatchCpu(label, pid);
            }
        }
    }

    public void Phase(string text) => Log($"== {text}");

    public void Log(string line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));

    /// <summary>Runs <paramref name="scenario"/> at each of its levels and records the result (unless it is not <see cref="Scenario.Reported"/>).</summary>
    public async Task<ScenarioResult> MeasureAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Baseline is not null && !_byName.ContainsKey(scenario.Baseline))
        {
            throw new InvalidOperationException($"Scenario '{scenario.Name}' names baseline '{scenario.Baseline}', which has not run yet.");
        }

        var levels = new List<LevelResult>();
        foreach (var concurrency in scenario.Levels ?? Options.Levels)
        {
            var level = await RunLevelAsync(scenario, concurrency, cancellationToken);
            if (scenario.Baseline is not null && BaselineAt(_byName[scenario.Baseline], concurrency) is { ItemsPerSecond: > 0 } baseline)
            {
                level = level with { Ratio = level.ItemsPerSecond / baseline.ItemsPerSecond };
            }

            levels.Add(level);
            Log(LevelLine(scenario, level));
        }

        var result = Judge(scenario, new ScenarioResult(scenario.Name, scenario.OperationUnit, scenario.ItemUnit, scenario.Baseline, scenario.Description, levels));
        if (scenario.Reported)
        {
            _results.Add(result);
            _byName[scenario.Name] = result;
        }

        return result;
    }

    /// <summary>Records a result measured by the benchmark itself (an open-loop run that MeasureAsync's closed loop cannot express).</summary>
    public void Record(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _results.Add(result);
        _byName[result.Name] = result;
    }

    /// <summary>Prints the table and writes the JSON; returns the JSON's path.</summary>
    public string Finish()
    {
        Phase("results");
        Console.WriteLine();
        Console.WriteLine(BenchTable.Render(_results));
        var path = Options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", name + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new
        {
            name,
            title,
            startedAt = _started,
            seconds = Math.Round(_clock.Elapsed.TotalSeconds, 1),
            machine = new
            {
                cores = Environment.ProcessorCount,
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
                loadAverageAtStart = _loadAtStart,
                loadAverageAtEnd = LoadAverage(),
            },
            options = new
            {
                Options.Quick,
                warmupSeconds = Options.Warmup.TotalSeconds,
                firstWarmupSeconds = (Options.FirstWarmup ?? Options.Warmup).TotalSeconds,
                durationSeconds = Options.Duration.TotalSeconds,
                Options.Levels,
                Options.Extra,
            },
            notes = _notes.ToDictionary(n => n.Key, n => n.Value),
            scenarios = _results,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json) + Environment.NewLine);
        Log($"results written to {path}");
        return path;
    }

    /// <summary>The directory that holds EventChat.sln (results and the Api's build live under it).</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EventChat.sln")) || File.Exists(Path.Combine(dir.FullName, "EventChat.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private async Task<LevelResult> RunLevelAsync(Scenario scenario, int concurrency, CancellationToken cancellationToken)
    {
        var label = string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}, c={concurrency}");
        var counted = scenario.OperationsPerLevel is not null;
        var warmup = counted ? TimeSpan.Zero : NextWarmup();
        Log(counted
            ? string.Create(CultureInfo.InvariantCulture, $"{label}: {scenario.OperationsPerLevel:N0} {scenario.OperationUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{label}: warm-up {warmup.TotalSeconds:0.#} s, measuring {Options.Duration.TotalSeconds:0.#} s"));

        var owned = new List<object>();
        var context = new WorkerContext(concurrency, owned);
        try
        {
            var operations = new Operation[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                context.Worker = i;
                operations[i] = await scenario.CreateWorker(context, cancellationToken);
            }

            var probe = scenario.Probe?.Invoke();
            if (probe is not null)
            {
                owned.Add(probe);
                await probe.StartAsync(cancellationToken);
            }

            var startUtc = DateTime.UtcNow;
            var start = Stopwatch.GetTimestamp();
            var window = counted
                ? new Window(start, long.MaxValue, scenario.OperationsPerLevel!.Value)
                : new Window(start + Ticks(warmup), start + Ticks(warmup + Options.Duration), long.MaxValue);
            var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<long>(4096)).ToArray();
            var all = Task.WhenAll(operations.Select((operation, i) =>
                Task.Run(() => RunWorkerAsync(operation, window, latencies[i], cancellationToken), cancellationToken)));

            var cpu = Task.Run(() => MeasureCpuAsync(window, all, cancellationToken), cancellationToken);
            await ShowProgressAsync(label, scenario, window, all, cancellationToken);
            await all;
            var seconds = counted ? Stopwatch.GetElapsedTime(start).TotalSeconds : Options.Duration.TotalSeconds;
            var level = LevelResult.From(concurrency, seconds, latencies.SelectMany(l => l).ToArray(), window.Items, window.Errors, window.FirstError);
            var (cpuUsed, switches, steal) = await cpu;
            var measured = new MeasuredWindow(
                startUtc + Stopwatch.GetElapsedTime(start, window.From),
                counted ? DateTime.UtcNow : startUtc + Stopwatch.GetElapsedTime(start, window.To));
            var extra = probe is null ? new Dictionary<string, double>() : new Dictionary<string, double>(await probe.StopAsync(measured, cancellationToken));
            foreach (var (process, count) in switches.Where(_ => level.Operations > 0))
            {
                extra[$"{process} context switches/op"] = (double)count / level.Operations;
            }

            if (steal is { } stolen)
            {
                extra["machine steal %"] = stolen;
            }
            return level with
            {
                CpuMsPerOperation = cpuUsed.Where(c => level.Operations > 0).ToDictionary(c => c.Key, c => c.Value.TotalMilliseconds / level.Operations),
                Extra = extra,
            };
        }
        finally
        {
            owned.Reverse();
            foreach (var resource in owned)
            {
                if (resource is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync();
                }
                else if (resource is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// CPU each watched process used between the window's start and its end (or the last operation), and the share of
    /// the machine's time the hypervisor stole meanwhile (see <see cref="MachineCpu"/>).
    /// </summary>
    private async Task<(Dictionary<string, TimeSpan> Used, Dictionary<string, long> Switches, double? StealPercent)> MeasureCpuAsync(
        Window window, Task all, CancellationToken cancellationToken)
    {
        await DelayUntilAsync(window.From, all, cancellationToken);
        var before = _watched.ToDictionary(w => w.Key, w => ProcessCpu.Read(w.Value));
        var switchesBefore = _watched.ToDictionary(w => w.Key, w => ProcessCpu.ReadContextSwitches(w.Value));
        var machineBefore = MachineCpu.Read();
        await DelayUntilAsync(window.To, all, cancellationToken);
        var used = _watched
            .Select(w => (w.Key, Before: before[w.Key], After: ProcessCpu.Read(w.Value)))
            .Where(w => w.Before is not null && w.After is not null)
            .ToDictionary(w => w.Key, w => w.After!.Value - w.Before!.Value);
        var switches = _watched
            .Select(w => (w.Key, Before: switchesBefore[w.Key], After: ProcessCpu.ReadContextSwitches(w.Value)))
            .Where(w => w.Before is not null && w.After is not null)
            .ToDictionary(w => w.Key, w => ProcessCpu.SwitchesSince(w.Before!, w.After!));
        return (used, switches, machineBefore is null ? null : MachineCpu.Read()?.StealPercentSince(machineBefore));
    }

    private static async Task DelayUntilAsync(long timestamp, Task stopEarly, CancellationToken cancellationToken)
    {
        while (!stopEarly.IsCompleted && Stopwatch.GetTimestamp() < timestamp)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(Math.Min(remaining.TotalMilliseconds, 1000))), cancellationToken), stopEarly);
        }
    }

    private static async Task RunWorkerAsync(Operation operation, Window window, List<long> latencies, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && Interlocked.Increment(ref window.Started) <= window.MaxOperations)
        {
            var started = Stopwatch.GetTimestamp();
            int items;
            try
            {
                items = await operation(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Counted and shown, not fatal: a benchmark that hides its errors lies, one that dies on the first loses the run.
                Interlocked.CompareExchange(ref window.FirstError, $"{ex.GetType().Name}: {ex.Message}", null);
                if (Interlocked.Increment(ref window.Errors) > 1_000)
                {
                    throw;
                }

                continue;
            }

            var ended = Stopwatch.GetTimestamp();
            if (ended > window.To)
            {
                return;
            }

            if (ended >= window.From)
            {
                latencies.Add(ended - started);
                Interlocked.Add(ref window.Items, items);
                Interlocked.Increment(ref window.Completed);
            }
        }
    }

    private async Task ShowProgressAsync(string label, Scenario scenario, Window window, Task all, CancellationToken cancellationToken)
    {
        var warmingUp = window.From > Stopwatch.GetTimestamp();
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(ProgressInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (all.IsCompleted)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            if (now < window.From)
            {
                continue;
            }

            if (warmingUp)
            {
                // The first tick after the warm-up has only a fraction of a window behind it: not worth a line.
                warmingUp = false;
                continue;
            }

            var measured = Stopwatch.GetElapsedTime(window.From, Math.Min(now, window.To)).TotalSeconds;
            var items = scenario.ItemUnit is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {Interlocked.Read(ref window.Items):N0} {scenario.ItemUnit}");
            var of = window.MaxOperations == long.MaxValue ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" of {window.MaxOperations:N0}");
            var errors = Interlocked.Read(ref window.Errors) is var e and > 0 ? string.Create(CultureInfo.InvariantCulture, $", {e} errors") : string.Empty;
            Log(string.Create(
                CultureInfo.InvariantCulture,
                $"  {label}: {measured:0.0} s, {Interlocked.Read(ref window.Completed):N0}{of} {scenario.OperationUnit}{items}{errors}"));
        }
    }

    private static string LevelLine(Scenario scenario, LevelResult level)
    {
        var rate = scenario.ItemUnit is null
            ? string.Create(CultureInfo.InvariantCulture, $"{level.OperationsPerSecond:N0} {scenario.OperationUnit}/s")
            : string.Create(CultureInfo.InvariantCulture, $"{level.ItemsPerSecond:N0} {scenario.ItemUnit}/s ({level.OperationsPerSecond:N0} {scenario.OperationUnit}/s)");
        var ratio = level.Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $", {r:0.00}x {scenario.Baseline}") : string.Empty;
        var errors = level.Errors > 0 ? string.Create(CultureInfo.InvariantCulture, $", {level.Errors} errors (first: {level.FirstError})") : string.Empty;
        var cpu = string.Concat(level.CpuMsPerOperation.Select(c => string.Create(CultureInfo.InvariantCulture, $", {c.Key} CPU {c.Value:0.000} ms/op")));
        var extra = string.Concat(level.Extra.Select(e => string.Create(CultureInfo.InvariantCulture, $", {e.Key} {e.Value:0.0}")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"  {scenario.Name}, c={level.Concurrency}: {rate}, p50 {level.P50Ms:0.00} ms, p95 {level.P95Ms:0.00} ms, p99 {level.P99Ms:0.00} ms{ratio}{cpu}{extra}{errors}");
    }

    private static LevelResult? BaselineAt(ScenarioResult baseline, int concurrency) =>
        baseline.Levels.FirstOrDefault(l => l.Concurrency == concurrency) ?? (baseline.Levels.Count == 1 ? baseline.Levels[0] : null);

    private static ScenarioResult Judge(Scenario scenario, ScenarioResult result) =>
        result with
        {
            Goals = scenario.Goals.Select(goal =>
            {
                var measured = goal.Kind switch
                {
                    GoalKind.Ratio => result.Levels.FirstOrDefault(l => l.Concurrency == goal.Concurrency)?.Ratio,
                    _ when goal.Concurrency is { } c => result.Levels.FirstOrDefault(l => l.Concurrency == c)?.ItemsPerSecond,
                    _ => result.Levels.Count > 0 ? result.Levels.Max(l => l.ItemsPerSecond) : null,
                };
                return new GoalResult(goal.Text, measured, measured is { } m ? m >= goal.Minimum : null);
            }).ToArray(),
        };

    /// <summary><see cref="BenchOptions.FirstWarmup"/> for the run's first timed level, <see cref="BenchOptions.Warmup"/> after it.</summary>
    private TimeSpan NextWarmup() => _timedLevels++ == 0 && Options.FirstWarmup is { } first ? first : Options.Warmup;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to show how busy the machine was around the run.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A level's window: operations that end inside [From, To] count; at most MaxOperations start.</summary>
    private sealed class Window(long from, long to, long maxOperations)
    {
        public readonly long From = from;
        public readonly long To = to;
        public readonly long MaxOperations = maxOperations;
        public long Started;
        public long Completed;
        public long Items;
        public long Errors;
        public string? FirstError;
    }
}
