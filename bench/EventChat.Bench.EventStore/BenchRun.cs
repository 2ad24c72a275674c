using System.Diagnostics;
using System.Globalization;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>
/// The whole benchmark: database, round-trip probe, append and baseline scenarios, seeding, global-log
/// reads, then the table and the JSON file.
/// </summary>
public sealed class BenchRun(BenchOptions options, EventChatSettings settings)
{
    private const string StreamType = "bench";
    private const int OneStreamConcurrency = 8;
    private const int SeedWorkers = 8;
    private const int SeedEventsPerAppend = 50;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var loadAtStart = LoadAverage();
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"EventChat event store benchmark ({(options.Quick ? "quick" : "full")}): run {_runId}, {Environment.ProcessorCount} cores, load average {loadAtStart ?? "?"}"));

        Phase("database");
        var database = await BenchDatabase.OpenAsync(settings, Log, cancellationToken);
        Log($"  {database.Name} as {database.User}: {database.How}");
        var connections = new MySqlConnectionFactory(database.ConnectionString);
        await new SchemaMigrator(connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(EventStoreSchema.Migrations, cancellationToken);
        await database.PrepareTablesAsync(cancellationToken);
        var server = await database.ReadServerInfoAsync(cancellationToken);
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"  MariaDB/MySQL {server.Version}, innodb_flush_log_at_trx_commit={server.InnodbFlushLogAtTrxCommit}, " +
            $"binlog {(server.BinaryLog ? "on" : "off")}, buffer pool {server.InnodbBufferPoolBytes / (1024 * 1024)} MiB, flush method {server.InnodbFlushMethod}"));

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var registry = EventTypes.CreateRegistry().Register<BenchSomethingHappened>(BenchSomethingHappened.StoredName);
        var storeOptions = new EventStoreOptions();
        var store = new MySqlEventStore(connections, registry, new AppendSignal(), storeOptions, loggerFactory.CreateLogger<MySqlEventStore>());

        Phase("round trips per operation (sequential operations through a counting TCP relay)");
        var roundTrips = await ProbeRoundTripsAsync(database, registry, cancellationToken);

        Phase("appends: one event per append (one transaction), ExpectedVersion.Any, against raw single-row INSERTs");
        var serverPid = await CpuSample.FindServerPidAsync(database, cancellationToken);
        var runner = new LoadRunner(options, database.ConnectionString, serverPid, Log);
        var appends = new List<AppendRow>();
        foreach (var concurrency in options.Concurrencies)
        {
            var streams = Streams($"c{concurrency}", options.StreamsPerScenario);
            var appended = await runner.RunAsync(
                $"appends c={concurrency}",
                concurrency,
                (worker, _) => Task.FromResult<IBenchWorker>(new StoreAppendWorker(store, StoreAppendWorker.StreamsOf(streams, worker, concurrency), worker)),
                cancellationToken);
            var inserted = await runner.RunAsync(
                $"raw inserts c={concurrency}",
                concurrency,
                (worker, token) => BaselineInsertWorker.OpenAsync(database, worker, BaselineInsertWorker.StreamIdFor(_runId, concurrency, worker), token),
                cancellationToken);
            appends.Add(new AppendRow("append, own streams", concurrency, streams.Length, appended, inserted));
        }

        var hot = Streams("hot", 1);
        var oneStream = await runner.RunAsync(
            $"appends c={OneStreamConcurrency}, one stream",
            OneStreamConcurrency,
            (worker, _) => Task.FromResult<IBenchWorker>(new StoreAppendWorker(store, hot, worker)),
            cancellationToken);
        var sameConcurrency = appends.FirstOrDefault(a => a.Concurrency == OneStreamConcurrency)?.Baseline;
        appends.Add(new AppendRow("append, all workers on ONE stream", OneStreamConcurrency, 1, oneStream, sameConcurrency));
        var lastAppend = Stopwatch.GetTimestamp();

        Phase("global log");
        var logEvents = await CountEventsAsync(database, cancellationToken);
        Log(string.Create(CultureInfo.InvariantCulture, $"  the log holds {logEvents:N0} events"));
        if (logEvents < options.MinLogEvents)
        {
            var seeded = await SeedAsync(store, options.MinLogEvents - logEvents, cancellationToken);
            logEvents += seeded;
            lastAppend = Stopwatch.GetTimestamp();
        }


        var reader = new GlobalLogReader(store, database, Log);
        // Untimed: loads the table into the buffer pool and lets the JIT settle on the store's read path.
        var warmRaw = await reader.ReadAllAsync("warm-up read (raw)", GlobalLogReader.Mode.RawPlain, 1000, pageTicks: null, cancellationToken);
        var warmStore = await reader.ReadAllAsync("warm-up read (store)", GlobalLogReader.Mode.Store, 1000, pageTicks: null, cancellationToken);
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"  warm-up reads (untimed): {warmRaw.Events:N0} events raw in {warmRaw.Seconds:0.00} s, through the store in {warmStore.Seconds:0.00} s"));
        var reads = new List<ReadResult>
        {
            await reader.MeasureAsync("read via store, batch 500", GlobalLogReader.Mode.Store, 500, options.ReadPasses, cancellationToken),
            await reader.MeasureAsync("read via store, batch 1000", GlobalLogReader.Mode.Store, 1000, options.ReadPasses, cancellationToken),
            await reader.MeasureAsync("raw SELECT with LOCK IN SHARE MODE, batch 1000", GlobalLogReader.Mode.RawLocking, 1000, options.ReadPasses, cancellationToken),
            await reader.MeasureAsync("raw SELECT without lock, batch 1000", GlobalLogReader.Mode.RawPlain, 1000, options.ReadPasses, cancellationToken),
        };

        Phase("results");
        var report = new BenchReport(options, server, database, roundTrips, appends, reads, logEvents, _clock.Elapsed, loadAtStart, LoadAverage());
        Console.WriteLine();
        Console.WriteLine(report.Table());
        var path = report.Write(RepositoryRoot());
        Log($"results written to {path}");
        return 0;
    }

    private async Task<IReadOnlyList<RoundTripResult>> ProbeRoundTripsAsync(BenchDatabase database, EventTypeRegistry registry, CancellationToken cancellationToken)
    {
        var target = new MySqlConnectionStringBuilder(database.ConnectionString);
        await using var probe = new RoundTripProbe(target.Server, (int)target.Port);
        probe.Start();
        var relayed = database with
        {
            ConnectionString = new MySqlConnectionStringBuilder(database.ConnectionString) { Server = "127.0.0.1", Port = (uint)probe.Port }.ConnectionString,
        };
        var store = new MySqlEventStore(
            new MySqlConnectionFactory(relayed.ConnectionString), registry, new AppendSignal(), new EventStoreOptions(), NullLogger<MySqlEventStore>.Instance);
        var results = new List<RoundTripResult>();
        try
        {
            var streams = Streams("probe", 5);
            results.Add(await ProbeAsync(probe, database, "event store append (1 event)", new StoreAppendWorker(store, streams, 0), cancellationToken));
            await using (var held = await BaselineInsertWorker.OpenAsync(relayed, 0, BaselineInsertWorker.StreamIdFor(_runId, 0, 0), cancellationToken))
            {
                results.Add(await ProbeAsync(probe, database, "raw INSERT, connection held (the baseline)", held, cancellationToken));
            }

            var pooled = new DelegateWorker(async token =>
            {
                await using var worker = await BaselineInsertWorker.OpenAsync(relayed, 0, BaselineInsertWorker.StreamIdFor(_runId, 0, 1), token);
                return await worker.RunOnceAsync(token);
            });
            results.Add(await ProbeAsync(probe, database, "raw INSERT, pooled connection opened per insert", pooled, cancellationToken));
            var page = new DelegateWorker(async token => (await store.ReadAllForwardAsync(0, 100, token)).Events.Count);
            results.Add(await ProbeAsync(probe, database, "global log page via store (ReadAllForwardAsync)", page, cancellationToken));
        }
        finally
        {
            await using var connection = new MySqlConnection(relayed.ConnectionString);
            await MySqlConnection.ClearPoolAsync(connection, CancellationToken.None);
        }

        return results;
    }

    private async Task<RoundTripResult> ProbeAsync(RoundTripProbe probe, BenchDatabase database, string operation, IBenchWorker worker, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10; i++)
        {
            await worker.RunOnceAsync(cancellationToken);
        }

        var before = await ServerCounters.ReadAsync(database.ConnectionString, cancellationToken);
        probe.Reset();
        var n = options.ProbeOperations;
        for (var i = 0; i < n; i++)
        {
            await worker.RunOnceAsync(cancellationToken);
        }

        var flights = probe.ClientFlights;
        var delta = (await ServerCounters.ReadAsync(database.ConnectionString, cancellationToken)).Minus(before);

        // The counter read itself is one statement; other clients of the server would add theirs.
        var result = new RoundTripResult(operation, n, (double)flights / n, (double)(delta.Questions - 1) / n, (double)delta.Commits / n);
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"  {operation}: {result.RoundTripsPerOperation:0.00} round trips, {result.StatementsPerOperation:0.00} statements, {result.CommitsPerOperation:0.00} COMMITs per operation"));
        return result;
    }

    private async Task<long> SeedAsync(IEventStore store, long needed, CancellationToken cancellationToken)
    {
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"  seeding {needed:N0} events: {SeedWorkers} workers, {SeedEventsPerAppend} events per append, {options.StreamsPerScenario} streams"));
        var streams = Streams("seed", options.StreamsPerScenario);
        long reserved = 0, appended = 0;
        var workers = Enumerable.Range(0, SeedWorkers).Select(w => Task.Run(
            async () =>
            {
                var worker = new StoreAppendWorker(store, StoreAppendWorker.StreamsOf(streams, w, SeedWorkers), w, SeedEventsPerAppend);
                while (Interlocked.Add(ref reserved, SeedEventsPerAppend) - SeedEventsPerAppend < needed)
                {
                    Interlocked.Add(ref appended, await worker.RunOnceAsync(cancellationToken));
                }
            },
            cancellationToken)).ToArray();
        var all = Task.WhenAll(workers);
        var started = Stopwatch.GetTimestamp();
        while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken)) != all)
        {
            Log(string.Create(
                CultureInfo.InvariantCulture,
                $"  seeding: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, {Interlocked.Read(ref appended):N0} of {needed:N0} events"));
        }

        await all;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log(string.Create(CultureInfo.InvariantCulture, $"  seeded {appended:N0} events in {seconds:0.0} s ({appended / seconds:N0} events/s in appends of {SeedEventsPerAppend})"));
        return appended;
    }

    private static async Task<long> CountEventsAsync(BenchDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM es_events", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private StreamName[] Streams(string scenario, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new StreamName(StreamType, string.Create(CultureInfo.InvariantCulture, $"bench-{_runId}-{scenario}-{i:000}")))
            .ToArray();

    private static string RepositoryRoot()
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

    private void Phase(string name) => Log($"== {name}");

    private void Log(string line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
}
