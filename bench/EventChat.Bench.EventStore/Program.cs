using System.Globalization;
using EventChat.Bench.EventStore;
using EventChat.Bench.Harness;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.DependencyInjection;

// The event store benchmark (not a test): `make bench-store [BENCH_ARGS=--quick]`. See docs/benchmarks.md.
const string Usage =
    """
    usage: make bench-store BENCH_ARGS='[options]'
    """ + "\n" + BenchOptions.CommonUsage + "\n" +
    """
      --log-events N      events seeded into the global log before it is read and rebuilt (default 200000, quick 20000)
    """;
const int PageSize = 1_000;
const int BatchSize = 100;
const int SeedWorkers = 8;

return await BenchRun.MainAsync(args, Usage, a => BenchOptions.Parse(a, extraOptions: ["--log-events"]), async (options, cancellationToken) =>
{
    var settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
    var run = new BenchRun("event-store", "EventChat event store benchmark", options);
    run.Start();

    run.Phase("database");
    var database = await BenchDatabase.OpenAsync(settings, cancellationToken);
    run.Note("database", database.Name + " (" + database.How + "); every table dropped and migrated afresh");
    await database.DropAllTablesAsync(cancellationToken);
    // The benchmark's own event type beside the product's (the last registration wins).
    await using var services = await BenchServices.CreateAsync(
        settings, database, cancellationToken, s => s.AddSingleton(_ => EventTypes.CreateRegistry().Register<BenchSomethingHappened>(BenchSomethingHappened.StoredName)));
    run.Note("server", await database.ScalarAsync<string>(
        "SELECT CONCAT(VERSION(), ', innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit, ', binlog ', IF(@@log_bin, 'on', 'off'), " +
        "', buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')",
        cancellationToken));
    var workloads = new StoreWorkloads(services.Store, database, Guid.NewGuid().ToString("N")[..8]);
    await workloads.CreateBaselineTableAsync(cancellationToken);

    // The global log first, while it holds only the seed: reads and the rebuild then cover exactly --log-events.
    var logEvents = options.ExtraNumber("--log-events", full: 200_000, quick: 20_000);
    run.Phase(string.Create(CultureInfo.InvariantCulture, $"global log: seeding {logEvents:N0} events ({SeedWorkers} workers, appends of {BatchSize}, a quarter of them user events)"));
    await run.MeasureAsync(
        new Scenario
        {
            Name = "seed",
            Reported = false,
            Levels = [SeedWorkers],
            OperationsPerLevel = (logEvents + BatchSize - 1) / BatchSize,
            OperationUnit = "appends",
            ItemUnit = "events",
            CreateWorker = (w, _) => Task.FromResult(workloads.Seed(w)),
        },
        cancellationToken);
    var head = await database.ScalarAsync<long>("SELECT COALESCE(MAX(position), 0) FROM es_events", cancellationToken);
    var pages = (await database.ScalarAsync<long>("SELECT COUNT(*) FROM es_events", cancellationToken) + PageSize - 1) / PageSize;
    run.Note("global log", string.Create(CultureInfo.InvariantCulture, $"{head:N0} events ({pages:N0} pages of {PageSize:N0})"));

    // Untimed: loads the log into the buffer pool and warms the store's read path.
    await run.MeasureAsync(
        new Scenario
        {
            Name = "warm-up pass over the log",
            Reported = false,
            Levels = [1],
            OperationsPerLevel = pages,
            OperationUnit = "pages",
            ItemUnit = "events",
            CreateWorker = (_, _) => Task.FromResult(workloads.StorePages(PageSize, head)),
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "raw SELECT pages of es_events",
            Levels = [1],
            OperationUnit = "pages",
            ItemUnit = "events",
            Description = "read baseline: the same rows and columns of es_events, 1,000 per SELECT, on a held connection (no store)",
            CreateWorker = (w, ct) => workloads.RawPagesAsync(w, PageSize, head, ct),
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "global log read",
            Levels = [1],
            OperationUnit = "pages",
            ItemUnit = "events",
            Baseline = "raw SELECT pages of es_events",
            Goals = [Goal.ItemsPerSecond(100_000, "events")],
            Description = "ReadAllForwardAsync(after, 1000) from 0 to the head and again, events deserialized",
            CreateWorker = (_, _) => Task.FromResult(workloads.StorePages(PageSize, head)),
        },
        cancellationToken);

    run.Phase("projection rebuild");
    var rebuild = new ProjectionRebuild(services, PageSize);
    // One untimed batch first: the first batch builds EF Core's model and JITs the projection (a second or so).
    await rebuild.ResetAsync(cancellationToken);
    await rebuild.ApplyNextPageAsync(cancellationToken);
    await rebuild.ResetAsync(cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "projection rebuild",
            Levels = [1],
            OperationsPerLevel = pages,
            OperationUnit = "pages",
            ItemUnit = "events",
            Goals = [Goal.ItemsPerSecond(20_000, "events")],
            Description = "the whole log replayed through UsersProjection into an emptied rm_users, batch and checkpoint per transaction (ProjectionRebuild)",
            CreateWorker = (_, _) => Task.FromResult<Operation>(rebuild.ApplyNextPageAsync),
        },
        cancellationToken);
    var rebuiltUsers = await database.ScalarAsync<long>("SELECT COUNT(*) FROM rm_users", cancellationToken);
    run.Note("rebuilt", string.Create(CultureInfo.InvariantCulture, $"rm_users holds {rebuiltUsers:N0} users after replaying to position {rebuild.Position:N0} of {head:N0}"));

    run.Phase("appends beside raw single-row INSERTs");
    await run.MeasureAsync(
        new Scenario
        {
            Name = "raw INSERT",
            OperationUnit = "rows",
            Description = "baseline: one autocommitted single-row INSERT of an es_events-sized row into a plain table (primary key only), held connection",
            CreateWorker = workloads.RawInsertsAsync,
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "append 1 event, many streams",
            OperationUnit = "appends",
            Baseline = "raw INSERT",
            Goals = [Goal.Ratio(0.5, 1), Goal.Ratio(1.0, 32)],
            Description = "AppendAsync of one event, ExpectedVersion.Any, each worker on its own streams (at least 100 streams in all)",
            CreateWorker = (w, _) => Task.FromResult(workloads.Appends(w, workloads.Streams($"many-c{w.Concurrency}", Math.Max(100, w.Concurrency)), 1)),
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "append 1 event, one hot stream",
            OperationUnit = "appends",
            Baseline = "raw INSERT",
            Description = "AppendAsync of one event, ExpectedVersion.Any, every worker on the same stream",
            CreateWorker = (w, _) => Task.FromResult(workloads.Appends(w, workloads.Streams($"hot-c{w.Concurrency}", 1), 1)),
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "append 100 events, many streams",
            OperationUnit = "appends",
            ItemUnit = "events",
            Baseline = "raw INSERT",
            Goals = [Goal.ItemsPerSecond(50_000, "events")],
            Description = "AppendAsync of 100 events per call (one stream each), ExpectedVersion.Any; ratio is events/s over baseline rows/s",
            CreateWorker = (w, _) => Task.FromResult(workloads.Appends(w, workloads.Streams($"batch-c{w.Concurrency}", Math.Max(100, w.Concurrency)), BatchSize)),
        },
        cancellationToken);

    run.Finish();
    return 0;
});
