using System.Diagnostics;
using System.Globalization;

namespace EventChat.Bench.EventStore;

/// <summary>
/// Runs N workers in closed loops (each starts its next operation when the last one returns): an untimed
/// warm-up, then a measured window. Operations that complete inside the window count; the throughput is
/// their events divided by the window's length. Prints progress every 2 seconds.
/// </summary>
public sealed class LoadRunner(BenchOptions options, string countersConnectionString, int? serverPid, Action<string> log)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public async Task<LoadResult> RunAsync(
        string label,
        int concurrency,
        Func<int, CancellationToken, Task<IBenchWorker>> createWorker,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createWorker);
        log(string.Create(CultureInfo.InvariantCulture, $"{label}: warm-up {options.Warmup.TotalSeconds:0.#} s, measuring {options.Duration.TotalSeconds:0.#} s"));
        var workers = new List<IBenchWorker>(concurrency);
        try
        {
            for (var i = 0; i < concurrency; i++)
            {
                workers.Add(await createWorker(i, cancellationToken));
            }

            var window = new Window(Stopwatch.GetTimestamp(), options.Warmup, options.Duration);
            var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<long>(4096)).ToArray();
            var tasks = workers
                .Select((worker, i) => Task.Run(() => RunWorkerAsync(worker, window, latencies[i], cancellationToken), cancellationToken))
                .ToArray();
            var all = Task.WhenAll(tasks);

            await DelayUntilAsync(window.From, all, cancellationToken);
            var before = await ServerCounters.ReadAsync(countersConnectionString, cancellationToken);
            var cpuBefore = CpuSample.Take(serverPid);
            var interval = (long)(ProgressInterval.TotalSeconds * Stopwatch.Frequency);
            for (var tick = window.From + interval; !all.IsCompleted && tick < window.To + interval; tick += interval)
            {
                await DelayUntilAsync(Math.Min(tick, window.To), all, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(window.From).TotalSeconds;
                log(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {label}: {Math.Min(elapsed, options.Duration.TotalSeconds):0.0} s, {Interlocked.Read(ref window.Events):N0} events"));
            }

            var cpu = CpuSample.Take(serverPid).Since(cpuBefore);
            var after = await ServerCounters.ReadAsync(countersConnectionString, cancellationToken);
            await all;

            var merged = latencies.SelectMany(l => l).ToArray();
            Array.Sort(merged);
            var result = new LoadResult(
                label,
                concurrency,
                options.Duration.TotalSeconds,
                merged.Length,
                window.Events,
                PercentileMs(merged, 0.50),
                PercentileMs(merged, 0.99),
                PercentileMs(merged, 1.0),
                window.Errors,
                window.FirstError,
                after.Minus(before),
                cpu);
            var errors = result.Errors > 0 ? $", {result.Errors} errors (first: {result.FirstError})" : string.Empty;
            log(string.Create(
                CultureInfo.InvariantCulture,
                $"  {label}: {result.EventsPerSecond:N0} events/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, machine CPU {cpu.MachineBusyFraction * 100:0}% busy{errors}"));
            return result;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task RunWorkerAsync(IBenchWorker worker, Window window, List<long> latencies, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            int events;
            try
            {
                events = await worker.RunOnceAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
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
                Interlocked.Add(ref window.Events, events);
            }
        }
    }

    private static async Task DelayUntilAsync(long timestamp, Task stopEarly, CancellationToken cancellationToken)
    {
        // Task.Delay has millisecond resolution (and a timer tick of about 1 ms or more): wait in whole
        // milliseconds, rounded up, until the timestamp has passed.
        while (!stopEarly.IsCompleted && Stopwatch.GetTimestamp() < timestamp)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)), cancellationToken), stopEarly);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (stopEarly.IsFaulted)
        {
            await stopEarly;
        }
    }

    private static double PercentileMs(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return 0;
        }

        var index = Math.Clamp((int)Math.Ceiling(quantile * sortedTicks.Length) - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }

    private sealed class Window(long start, TimeSpan warmup, TimeSpan duration)
    {
        public readonly long From = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        public readonly long To = start + (long)((warmup + duration).TotalSeconds * Stopwatch.Frequency);
        public long Events;
        public long Errors;
        public string? FirstError;
    }
}
