using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Engine;
using EventChat.Projections.ReadModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Projections;

[Collection(EventStoreCollection.Name)]
public sealed class ProjectionEngineTests(EventStoreFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ProjectionOptions _options = new()
    {
        LeaseRetryInterval = TimeSpan.FromMilliseconds(100),
        PollInterval = TimeSpan.FromMilliseconds(500),
        FirstErrorBackoff = TimeSpan.FromMilliseconds(200),
        MaxErrorBackoff = TimeSpan.FromMilliseconds(500),
    };

    private ProjectionCheckpoints Checkpoints => new(fixture.Connections);

    public async Task InitializeAsync()
    {
        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(RecordingProjection.CreateTableSql);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Unreadable_event_parks_only_in_the_projections_that_handle_its_type()
    {
        var handling = "test-unreadable-" + Guid.NewGuid().ToString("N")[..12];
        var other = "test-other-type-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var head = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        await Checkpoints.EnsureAsync(handling, head, CancellationToken.None);
        await Checkpoints.EnsureAsync(other, head, CancellationToken.None);

        // A payload this build cannot read (a number that is text), written as a writer would: under the head lock.
        long badPosition;
        await using (var connection = await fixture.Connections.OpenAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            badPosition = 1 + await connection.ExecuteScalarAsync<long>("SELECT position FROM es_log_head WHERE id = 1 FOR UPDATE", transaction: transaction);
            await connection.ExecuteAsync(
                """
                INSERT INTO es_streams (stream_id, stream_type, version, created_at, updated_at) VALUES (@stream, 'counter', 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
                INSERT INTO es_events (position, event_id, stream_id, stream_version, event_type, data, metadata, created_at)
                VALUES (@position, @id, @stream, 1, 'test.counter-incremented.v1', '{"by":"not a number","note":"bad"}', '{}', UTC_TIMESTAMP(6));
                UPDATE es_log_head SET position = @position WHERE id = 1;
                """,
                new { position = badPosition, id = Guid.NewGuid().ToByteArray(bigEndian: true), stream = stream.Id },
                transaction);
            await transaction.CommitAsync();
        }

        var good = await AppendAsync(stream, 1);
        var engine = new ProjectionEngine(
            new ProjectionCatalog(
            [
                new RecordingProjection(handling, new HashSet<string> { stream.Id }) { HandledEvents = [typeof(CounterIncremented)] },
                new RecordingProjection(other, new HashSet<string> { stream.Id }) { HandledEvents = [typeof(CounterRenamed)] },
            ], []),
            fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, _options, NullLoggerFactory.Instance);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(
            async () => await Checkpoints.ReadPositionAsync(handling, CancellationToken.None) >= good
                && await Checkpoints.ReadPositionAsync(other, CancellationToken.None) >= good,
            Timeout,
            "both projections pass the unreadable event");
        await engine.StopAsync(CancellationToken.None);

        var parked = await Checkpoints.ReadParkedAsync(handling, CancellationToken.None);
        parked.Should().ContainSingle().Which.Position.Should().Be(badPosition);
        parked[0].Error.Should().StartWith("Unreadable");
        (await RowsAsync(handling)).Should().ContainSingle("the readable event after it applies");
        (await Checkpoints.ReadParkedAsync(other, CancellationToken.None)).Should().BeEmpty("a projection that does not handle the type never sees it");
    }

    [Fact]
    public async Task Projection_lease_is_scoped_to_its_database_so_another_deployment_on_the_server_does_not_block_it()
    {
        var name = "test-lease-" + Guid.NewGuid().ToString("N")[..12];
        var otherDatabase = fixture.Settings.DbName + "_lease";
        await using (var connection = await fixture.Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS `{otherDatabase}`");
        }

        var other = new MySqlConnector.MySqlConnectionStringBuilder(fixture.Connections.ConnectionString) { Database = otherDatabase };
        await using var theirs = await ProjectionLease.TryAcquireAsync(new Infrastructure.EventStore.MySqlConnectionFactory(other.ConnectionString), name, CancellationToken.None);
        await using var ours = await ProjectionLease.TryAcquireAsync(fixture.Connections, name, CancellationToken.None);
        await using var ourSecond = await ProjectionLease.TryAcquireAsync(fixture.Connections, name, CancellationToken.None);

        theirs.Should().NotBeNull();
        ours.Should().NotBeNull("the other database's lease on the same projection name is another lock");
        ourSecond.Should().BeNull("within one database the lease still admits one instance");
    }

    [Fact]
    public async Task Event_a_projection_cannot_apply_is_parked_with_its_error_and_the_rest_apply_exactly_once()
    {
        var name = "test-failing-" + Guid.NewGuid().ToString("N")[..12];
        var healthyName = "test-healthy-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var head = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        await Checkpoints.EnsureAsync(name, head, CancellationToken.None);
        await Checkpoints.EnsureAsync(healthyName, head, CancellationToken.None);
        var events = Enumerable.Range(1, 20)
            .Select(i => EventToAppend.New(new CounterIncremented(1, $"e{i}"), EventMetadata.Empty)).ToArray();
        var appended = await fixture.Store.AppendAsync(stream, events, ExpectedVersion.NoStream, CancellationToken.None);
        var poison = appended.Events[11];

        var failing = new RecordingProjection(name, new HashSet<string> { stream.Id }) { FailOnNote = "e12" };
        var healthy = new RecordingProjection(healthyName, new HashSet<string> { stream.Id });
        var engine = new ProjectionEngine(
            new ProjectionCatalog([failing, healthy], []), fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, _options, NullLoggerFactory.Instance);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(
            async () => await Checkpoints.ReadPositionAsync(name, CancellationToken.None) >= appended.LastPosition
                && await Checkpoints.ReadPositionAsync(healthyName, CancellationToken.None) >= appended.LastPosition,
            Timeout,
            "both projections pass the poison event");
        await engine.StopAsync(CancellationToken.None);

        var rows = await RowsAsync(name);
        rows.Select(r => r.EventId).Should().Equal(appended.Events.Where(e => e.EventId != poison.EventId).Select(e => e.EventId), "every other event applies once, in order");
        (await RowsAsync(healthyName)).Should().HaveCount(20, "one projection's poison event never stops the others");
        var status = (await new ProjectionStatusReader(Checkpoints).ReadAsync(CancellationToken.None)).Single(s => s.Name == name);
        status.ParkedEvents.Should().Be(1);
        var parked = await Checkpoints.ReadParkedAsync(name, CancellationToken.None);
        parked.Should().ContainSingle().Which.Position.Should().Be(poison.Position);
        parked[0].Error.Should().Contain("Injected failure at event 'e12'");
        (await Checkpoints.ReadParkedAsync(healthyName, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Projection_with_the_stop_policy_halts_at_its_poison_event_and_applies_nothing_after_it()
    {
        var name = "test-halting-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        await Checkpoints.EnsureAsync(name, await fixture.Store.ReadHeadPositionAsync(CancellationToken.None), CancellationToken.None);
        var appended = await fixture.Store.AppendAsync(
            stream, Enumerable.Range(1, 5).Select(i => EventToAppend.New(new CounterIncremented(1, $"e{i}"), EventMetadata.Empty)).ToArray(), ExpectedVersion.NoStream, CancellationToken.None);

        var halting = new RecordingProjection(name, new HashSet<string> { stream.Id }) { FailOnNote = "e3", OnPoison = PoisonPolicy.StopAndPark };
        var engine = CreateEngine(halting);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(async () => await StatusOfAsync(name) == ProjectionRunner.HaltedStatus, Timeout, "the projection halts");
        await engine.StopAsync(CancellationToken.None);

        (await RowsAsync(name)).Select(r => r.EventId).Should().Equal(appended.Events.Take(2).Select(e => e.EventId));
        (await Checkpoints.ReadPositionAsync(name, CancellationToken.None)).Should().Be(appended.Events[1].Position);
        (await Checkpoints.ReadParkedAsync(name, CancellationToken.None)).Should().ContainSingle().Which.Position.Should().Be(appended.Events[2].Position);
    }

    [Fact]
    public async Task Two_engines_on_one_projection_apply_each_event_once_and_the_standby_takes_over_when_the_active_stops()
    {
        var name = "test-lease-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var streams = new HashSet<string> { stream.Id };
        await Checkpoints.EnsureAsync(name, await fixture.Store.ReadHeadPositionAsync(CancellationToken.None), CancellationToken.None);
        var engineA = CreateEngine(new RecordingProjection(name, streams));
        var engineB = CreateEngine(new RecordingProjection(name, streams));
        await engineA.StartAsync(CancellationToken.None);
        await engineB.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(
            () => engineA.Runners[0].State == ProjectionState.Active || engineB.Runners[0].State == ProjectionState.Active,
            Timeout,
            "one engine becomes active");

        var firstBatch = await AppendAsync(stream, 50);
        await Deadline.WaitUntilAsync(
            async () => await Checkpoints.ReadPositionAsync(name, CancellationToken.None) >= firstBatch, Timeout, "the active engine applies the first 50 events");

        var (active, standby) = engineA.Runners[0].State == ProjectionState.Active ? (engineA, engineB) : (engineB, engineA);
        standby.Runners[0].State.Should().Be(ProjectionState.Standby);
        active.Runners[0].AppliedEvents.Should().BeGreaterThan(0);
        standby.Runners[0].AppliedEvents.Should().Be(0, "only one instance may apply events");
        (await RowCountAsync(name)).Should().Be(50);

        await active.StopAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => standby.Runners[0].State == ProjectionState.Active, Timeout, "the standby takes over");
        var secondBatch = await AppendAsync(stream, 50);
        await Deadline.WaitUntilAsync(
            async () => await Checkpoints.ReadPositionAsync(name, CancellationToken.None) >= secondBatch, Timeout, "the new active engine finishes");
        await standby.StopAsync(CancellationToken.None);

        var rows = await RowsAsync(name);
        rows.Should().HaveCount(100);
        rows.Select(r => r.EventId).Should().OnlyHaveUniqueItems();
        standby.Runners[0].AppliedEvents.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Live_tailing_applies_an_append_without_waiting_for_the_poll_interval()
    {
        var name = "test-tail-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        await Checkpoints.EnsureAsync(name, await fixture.Store.ReadHeadPositionAsync(CancellationToken.None), CancellationToken.None);
        var slowPolling = new ProjectionOptions { PollInterval = TimeSpan.FromMinutes(5), LeaseRetryInterval = TimeSpan.FromMilliseconds(100) };
        var engine = CreateEngine(new RecordingProjection(name, new HashSet<string> { stream.Id }), slowPolling);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => engine.Runners[0].State == ProjectionState.Active, Timeout, "the engine becomes active");

        var position = await AppendAsync(stream, 1);

        // With a 5-minute poll interval, only the append notification can make this pass within 10 s.
        await Deadline.WaitUntilAsync(
            async () => await Checkpoints.ReadPositionAsync(name, CancellationToken.None) >= position, TimeSpan.FromSeconds(10), "the notification wakes the tailing projection");
        await engine.StopAsync(CancellationToken.None);
        (await RowCountAsync(name)).Should().Be(1);
    }

    [Fact]
    public async Task A_runner_at_the_head_of_a_busy_log_lingers_for_a_larger_batch_while_a_live_projection_applies_each_append_at_once()
    {
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var lingering = new RecordingEventProjection("test-linger-" + Guid.NewGuid().ToString("N")[..12], new HashSet<string> { stream.Id });
        var live = new RecordingEventProjection("test-live-" + Guid.NewGuid().ToString("N")[..12], new HashSet<string> { stream.Id }) { DeliversLive = true };
        // A long linger, so that the appends below surely fall inside it.
        var (engine, _, _) = await StartLingeringAsync(TimeSpan.FromSeconds(3), lingering, live);

        var first = await AppendAsync(stream, 1);
        await Deadline.WaitUntilAsync(() => lingering.Applied.Contains(first), Timeout, "the lingering runner reads when woken after a quiet spell");
        var positions = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            positions.Add(await AppendAsync(stream, 1));
        }

        await Deadline.WaitUntilAsync(() => live.Applied.Contains(positions[^1]), Timeout, "the live projection applies every append as it comes");
        lingering.Applied.Should().Equal([first], "within its linger the runner has not read again");
        await Deadline.WaitUntilAsync(() => lingering.Applied.Contains(positions[^1]), Timeout, "the lingering runner reads again when its linger has passed");
        await engine.StopAsync(CancellationToken.None);
        lingering.Applied.Should().Equal([first, .. positions]);
        live.Applied.Should().Equal([first, .. positions]);
    }

    [Fact]
    public async Task A_lingering_runner_reads_at_once_when_a_reader_waits_for_a_position_past_it()
    {
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var lingering = new RecordingEventProjection("test-linger-" + Guid.NewGuid().ToString("N")[..12], new HashSet<string> { stream.Id });
        // A linger far longer than the reader waits: only the reader cutting it short lets the read below succeed.
        var (engine, catalog, progress) = await StartLingeringAsync(TimeSpan.FromMinutes(5), lingering);

        // Other tests append to the shared log meanwhile, so the runner may already be lingering over their events: the
        // first read goes through a waiting reader too. After it, the runner surely lingers (it has just applied a page
        // that was not full), and the second read is the one that must cut that linger short.
        var reader = new ProjectionConsistency(fixture.Connections, catalog, progress, fixture.Registry);
        var first = await AppendAsync(stream, 1);
        (await reader.WaitForPositionAsync(first, TimeSpan.FromSeconds(20), CancellationToken.None))
            .Should().BeTrue("a reader waiting for its own write does not wait out a five-minute linger");
        lingering.Applied.Should().Equal([first]);
        var second = await AppendAsync(stream, 1);

        (await reader.WaitForPositionAsync(second, TimeSpan.FromSeconds(20), CancellationToken.None))
            .Should().BeTrue("the runner, lingering after the page that held the first write, reads at once for the second");

        // A position beyond the log head was never written: the reader does not wait minutes for it, nor does it keep
        // every runner from lingering from then on.
        var beyond = second + 1_000_000;
        (await reader.WaitForPositionAsync(beyond, TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(Timeout))
            .Should().BeFalse("no projection will ever reach a position that was not written");
        progress.HighestAwaited(lingering.Name).Should().BeLessThan(beyond);
        await engine.StopAsync(CancellationToken.None);
        lingering.Applied.Should().Equal([first, second]);
    }

    [Fact]
    public async Task A_reader_cuts_short_only_the_linger_of_the_projections_that_write_what_it_reads()
    {
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var messages = new RecordingEventProjection("test-messages-" + suffix, new HashSet<string> { stream.Id }) { Writes = ReadModelSet.Conversations };
        var profiles = new RecordingEventProjection("test-profiles-" + suffix, new HashSet<string> { stream.Id }) { Writes = ReadModelSet.Users };
        var (engine, catalog, progress) = await StartLingeringAsync(TimeSpan.FromMinutes(5), messages, profiles);

        // A read of everything first: afterwards both runners have just applied a page that was not full, so both linger.
        var reader = new ProjectionConsistency(fixture.Connections, catalog, progress, fixture.Registry);
        var first = await AppendAsync(stream, 1);
        (await reader.WaitForPositionAsync(first, TimeSpan.FromSeconds(20), CancellationToken.None)).Should().BeTrue();
        var second = await AppendAsync(stream, 1);

        (await reader.WaitForPositionAsync(second, ReadModelSet.Conversations, TimeSpan.FromSeconds(20), CancellationToken.None))
            .Should().BeTrue("the projection that writes what the reader reads reads at once");
        messages.Applied.Should().Equal([first, second]);
        profiles.Applied.Should().Equal([first], "a reader of conversations does not cut short the linger of the users projection");

        (await reader.WaitForPositionAsync(second, ReadModelSet.Users, TimeSpan.FromSeconds(20), CancellationToken.None))
            .Should().BeTrue("a reader of profiles cuts it short in turn");
        await engine.StopAsync(CancellationToken.None);
        profiles.Applied.Should().Equal([first, second]);
    }

    [Fact]
    public async Task External_projection_gets_every_event_in_order_and_again_after_a_failure_before_its_checkpoint()
    {
        var name = "test-external-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        await Checkpoints.EnsureAsync(name, await fixture.Store.ReadHeadPositionAsync(CancellationToken.None), CancellationToken.None);
        var last = await AppendAsync(stream, 5);
        var projection = new RecordingEventProjection(name, new HashSet<string> { stream.Id });
        projection.FailOnceAfterApplying();

        var engine = new ProjectionEngine(
            new ProjectionCatalog([], [projection]), fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, _options, NullLoggerFactory.Instance);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(
            async () => await Checkpoints.ReadPositionAsync(name, CancellationToken.None) >= last, Timeout, "the external projection's checkpoint reaches the last event");
        await engine.StopAsync(CancellationToken.None);

        // The failed batch was applied, its checkpoint did not move, so the engine applied it again.
        // (Other tests append too, so the first batch may hold all five events or only the first few.)
        var applied = projection.Applied.ToArray();
        var once = applied.Distinct().ToArray();
        once.Should().HaveCount(5).And.BeInAscendingOrder();
        once[^1].Should().Be(last);
        var replayed = applied.Length - 5;
        replayed.Should().BePositive("the batch that failed after applying is applied a second time");
        applied[..replayed].Should().Equal(applied[replayed..(2 * replayed)], "the replay starts again at the failed batch");
    }

    [Fact]
    public async Task A_slow_batch_is_logged_as_a_warning_with_the_step_that_took_the_time()
    {
        var name = "test-slow-" + Guid.NewGuid().ToString("N")[..12];
        var stream = StreamName.For("counter", Guid.CreateVersion7());
        await Checkpoints.EnsureAsync(name, await fixture.Store.ReadHeadPositionAsync(CancellationToken.None), CancellationToken.None);
        var last = await AppendAsync(stream, 3);
        var projection = new RecordingEventProjection(name, new HashSet<string> { stream.Id }) { ApplyTakes = TimeSpan.FromMilliseconds(300) };
        var options = new ProjectionOptions
        {
            LeaseRetryInterval = _options.LeaseRetryInterval,
            PollInterval = _options.PollInterval,
            SlowBatchWarning = TimeSpan.FromMilliseconds(200),
        };
        var logs = new CapturedLogs();

        var engine = new ProjectionEngine(
            new ProjectionCatalog([], [projection]), fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, options, logs);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => projection.Applied.Contains(last), Timeout, "the slow projection applies the last event");
        await engine.StopAsync(CancellationToken.None);

        var warnings = logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains(name, StringComparison.Ordinal)).ToArray();
        warnings.Should().ContainSingle("batches after the first slow one within 10 s are only counted");
        warnings[0].Message.Should().MatchRegex(@"a batch of \d+ events took \d+ ms \(apply (\d{3,}),");
        var apply = int.Parse(Regex.Match(warnings[0].Message, @"apply (\d+),").Groups[1].Value, CultureInfo.InvariantCulture);
        apply.Should().BeGreaterThanOrEqualTo(250, "the apply step is where the time went");
    }

    [Fact]
    public async Task External_projection_is_told_each_time_its_instance_takes_the_lease_and_only_then()
    {
        var name = "test-external-lease-" + Guid.NewGuid().ToString("N")[..12];
        await Checkpoints.EnsureAsync(name, await fixture.Store.ReadHeadPositionAsync(CancellationToken.None), CancellationToken.None);
        var projectionA = new RecordingEventProjection(name, new HashSet<string>());
        var projectionB = new RecordingEventProjection(name, new HashSet<string>());
        var engineA = CreateExternalEngine(projectionA);
        var engineB = CreateExternalEngine(projectionB);
        await engineA.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => engineA.Runners[0].State == ProjectionState.Active, Timeout, "A becomes active");
        await engineB.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => engineB.Runners[0].State == ProjectionState.Standby, Timeout, "B stands by");

        projectionA.LeasesTaken.Should().Be(1);
        projectionB.LeasesTaken.Should().Be(0, "a standby holds nothing it could have to forget");

        await engineA.StopAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => engineB.Runners[0].State == ProjectionState.Active, Timeout, "B takes over");
        await engineB.StopAsync(CancellationToken.None);
        projectionB.LeasesTaken.Should().Be(1);
    }

    private ProjectionEngine CreateExternalEngine(IEventProjection projection) =>
        new(new ProjectionCatalog([], [projection]), fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, _options, NullLoggerFactory.Instance);

    private ProjectionEngine CreateEngine(IMySqlProjection projection, ProjectionOptions? options = null) =>
        new(new ProjectionCatalog([projection], []), fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, options ?? _options, NullLoggerFactory.Instance);

    /// <summary>
    /// Starts an engine over <paramref name="projections"/> from the log head, lingering <paramref name="linger"/>, with
    /// pages large enough that other tests' appends never fill one (a full page is followed at once), once every runner
    /// is active.
    /// </summary>
    private async Task<(ProjectionEngine Engine, ProjectionCatalog Catalog, ProjectionProgress Progress)> StartLingeringAsync(
        TimeSpan linger, params RecordingEventProjection[] projections)
    {
        var head = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        foreach (var projection in projections)
        {
            await Checkpoints.EnsureAsync(projection.Name, head, CancellationToken.None);
        }

        var options = new ProjectionOptions
        {
            LeaseRetryInterval = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMinutes(5),
            BatchLinger = linger,
            BatchSize = 100_000,
        };
        var catalog = new ProjectionCatalog([], projections);
        var progress = new ProjectionProgress();
        var engine = new ProjectionEngine(
            catalog, fixture.Store, fixture.Registry, fixture.Signal, fixture.Connections, Checkpoints, options, NullLoggerFactory.Instance, progress);
        await engine.StartAsync(CancellationToken.None);
        await Deadline.WaitUntilAsync(() => engine.Runners.All(r => r.State == ProjectionState.Active), Timeout, "every runner becomes active");
        return (engine, catalog, progress);
    }

    private async Task<long> AppendAsync(StreamName stream, int count)
    {
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            var result = await fixture.Store.AppendAsync(
                stream, [EventToAppend.New(new CounterIncremented(1, $"n{i}"), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);
            last = result.LastPosition;
        }

        return last;
    }

    private async Task<string?> StatusOfAsync(string name) =>
        (await Checkpoints.ReadAllAsync(CancellationToken.None)).SingleOrDefault(s => s.Name == name)?.Status;

    private async Task<long> RowCountAsync(string name)
    {
        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_projection_rows WHERE projection = @name", new { name });
    }

    private async Task<IReadOnlyList<(Guid EventId, long Position)>> RowsAsync(string name)
    {
        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<(Guid EventId, long Position)>(
            "SELECT event_id, position FROM test_projection_rows WHERE projection = @name ORDER BY id", new { name })).ToArray();
    }

    /// <summary>The formatted lines every logger of the engine writes.</summary>
    private sealed class CapturedLogs : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
