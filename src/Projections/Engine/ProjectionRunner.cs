using System.Diagnostics;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Engine;

/// <summary>
/// Runs one projection: waits for its lease, catches up in batches, then tails the log, woken by
/// append notifications (polling only as the fallback). Each batch and its checkpoint commit together.
/// </summary>
public sealed class ProjectionRunner(
    IProjection projection,
    SharedLogReader log,
    EventTypeRegistry registry,
    AppendSignal signal,
    MySqlConnectionFactory connections,
    ProjectionCheckpoints checkpoints,
    ProjectionOptions options,
    ProjectionProgress progress,
    string owner,
    ILogger logger)
{
    /// <summary>The stored status of a projection stopped at a parked event (<see cref="PoisonPolicy.StopAndPark"/>).</summary>
    public const string HaltedStatus = "halted";

    /// <summary>How long an external projection's batch may run on after the process was asked to stop.</summary>
    public static readonly TimeSpan BatchGrace = TimeSpan.FromSeconds(10);

    /// <summary>Slow-batch warnings of one runner are at most this often (the ones between are counted in the next).</summary>
    public static readonly TimeSpan SlowBatchWarningInterval = TimeSpan.FromSeconds(10);

    private readonly HashSet<string>? _handledNames = projection.HandledEvents?.Where(registry.IsRegistered)
        .Select(t => EventTypeRegistry.ParseStoredName(registry.NameOf(t).StoredName).Name).ToHashSet(StringComparer.Ordinal);
    private volatile ProjectionState _state = ProjectionState.Starting;
    private long _position;
    private long _committed;
    private DateTime _lastCommit;

    // An external batch was applied since the row was last written: the row waits CheckpointDelay, not IdleCheckpointInterval.
    private bool _appliedSinceCommit;
    private long _appliedEvents;

    public string Name => projection.Name;

    public ProjectionState State => _state;

    /// <summary>
    /// The position this runner's read model stands at (meaningful while <see cref="ProjectionState.Active"/>); the
    /// checkpoint row may trail it by up to <see cref="ProjectionOptions.IdleCheckpointInterval"/> over events it does not handle,
    /// and by <see cref="ProjectionOptions.CheckpointDelay"/> over an external projection's batches.
    /// </summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Events this runner applied and committed since it started.</summary>
    public long AppliedEvents => Interlocked.Read(ref _appliedEvents);

    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                _state = ProjectionState.Standby;
                try
                {
                    await using var lease = await WaitForLeaseAsync(stoppingToken);
                    logger.LogInformation("Projection {Projection}: this instance ({Owner}) is active", projection.Name, owner);
                    await checkpoints.EnsureAsync(projection.Name, 0, stoppingToken);
                    await RunWhileLeasedAsync(lease, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database went away while taking or holding the lease: stand by and try again.
                    progress.Forget(projection.Name);
                    LastError = ex.Message;
                    logger.LogError(ex, "Projection {Projection}: unexpected failure; standing by", projection.Name);
                    await Task.Delay(options.LeaseRetryInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            progress.Forget(projection.Name);
            if (_state is ProjectionState.Active or ProjectionState.Faulted)
            {
                await TryRecordAsync(() => checkpoints.SetStatusAsync(projection.Name, _state is ProjectionState.Faulted ? "faulted" : "stopped", null, LastError, CancellationToken.None));
            }

            _state = ProjectionState.Stopped;
        }
    }

    /// <summary>Runs the projection while this instance holds the lease, retrying failures with backoff.</summary>
    private async Task RunWhileLeasedAsync(ProjectionLease lease, CancellationToken stoppingToken)
    {
        var backoff = options.FirstErrorBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunActiveAsync(lease, stoppingToken);
            }
            catch (LeaseLostException ex)
            {
                progress.Forget(projection.Name);
                logger.LogWarning("Projection {Projection}: lease lost ({Reason}); standing by", projection.Name, ex.Message);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The batch rolled back with its checkpoint. Keep the lease while backing off: a standby
                // would only hit the same failing event; the retry re-reads the checkpoint.
                _state = ProjectionState.Faulted;
                LastError = ex.Message;
                logger.LogError(ex, "Projection {Projection} failed after position {Position}; retrying in {Backoff}", projection.Name, Position, backoff);
                await TryRecordAsync(() => checkpoints.SetStatusAsync(projection.Name, "faulted", owner, ex.ToString(), CancellationToken.None));
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxErrorBackoff.Ticks));
            }
        }
    }

    private async Task<ProjectionLease> WaitForLeaseAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                if (!await ProjectionLease.IsFreeAsync(connections, projection.Name, stoppingToken))
                {
                    await Task.Delay(options.LeaseRetryInterval, stoppingToken);
                    continue;
                }

                // A rebuild that paused the projection is about to take the lease to swap tables: leave it be.
                await checkpoints.EnsureAsync(projection.Name, 0, stoppingToken);
                if ((await checkpoints.ReadAsync(projection.Name, stoppingToken)).Paused)
                {
                    await Task.Delay(options.LeaseRetryInterval, stoppingToken);
                    continue;
                }

                var lease = await ProjectionLease.TryAcquireAsync(connections, projection.Name, stoppingToken);
                if (lease is not null)
                {
                    return lease;
                }
            }
            catch (MySqlConnector.MySqlException ex)
            {
                logger.LogWarning(ex, "Projection {Projection}: database unavailable while waiting for the lease", projection.Name);
            }

            await Task.Delay(options.LeaseRetryInterval, stoppingToken);
        }
    }

    private async Task RunActiveAsync(ProjectionLease lease, CancellationToken stoppingToken)
    {
        var (checkpoint, status, paused) = await checkpoints.ReadAsync(projection.Name, stoppingToken);
        if (paused)
        {
            throw new LeaseLostException("a rebuild paused the projection");
        }

        Interlocked.Exchange(ref _position, checkpoint);
        _committed = checkpoint;
        _lastCommit = DateTime.UtcNow;
        _appliedSinceCommit = false;
        (projection as IEventProjection)?.OnLeaseTaken();
        if (status == HaltedStatus)
        {
            await WhileHaltedAsync(stoppingToken);
            return;
        }

        if (_state is not ProjectionState.Faulted)
        {
            // After a failure the stored status stays "faulted" until a batch commits again.
            await checkpoints.SetStatusAsync(projection.Name, "running", owner, null, stoppingToken);
        }

        _state = ProjectionState.Active;
        progress.Report(projection.Name, checkpoint);
        try
        {
            await TailAsync(lease, checkpoint, stoppingToken);
        }
        finally
        {
            if (stoppingToken.IsCancellationRequested && _state is ProjectionState.Active && Position > _committed)
            {
                await WriteCheckpointOnStopAsync();
            }
        }
    }

    /// <summary>
    /// Stopping with the row behind what was applied (<see cref="ProjectionOptions.CheckpointDelay"/>): written while
    /// the lease is still held, so the instance that takes over does not repeat an external projection's pushes.
    /// </summary>
    private async Task WriteCheckpointOnStopAsync()
    {
        try
        {
            using var grace = new CancellationTokenSource(BatchGrace);
            await CommitAsync([], Position, Position, grace.Token);
        }
        catch (Exception ex) when (ex is MySqlConnector.MySqlException or LeaseLostException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Projection {Projection}: checkpoint not written on stop; the next instance applies from {Position} again", projection.Name, _committed);
        }
    }

    private long _lastRead;
    private long _lastSlowBatchWarning;
    private long _slowBatchesNotLogged;
    private bool _lingerAfterPage;

    /// <summary>
    /// A busy log: let more appends gather (<see cref="ProjectionOptions.BatchLinger"/>), so they are applied as one
    /// batch; unless a reader of this process waits in this projection for a position past <paramref name="checkpoint"/>,
    /// which it would otherwise wait the linger for.
    /// </summary>
    private async Task LingerAsync(long checkpoint, CancellationToken stoppingToken)
    {
        while (true)
        {
            var left = options.BatchLinger - Stopwatch.GetElapsedTime(_lastRead);
            var readerArrives = progress.NextAwaited;
            if (left <= TimeSpan.Zero || progress.HighestAwaited(projection.Name) > checkpoint)
            {
                return;
            }

            var lingered = Task.Delay(left, stoppingToken);
            if (await Task.WhenAny(lingered, readerArrives) == lingered)
            {
                await lingered;
                return;
            }
        }
    }

    private async Task TailAsync(ProjectionLease lease, long checkpoint, CancellationToken stoppingToken)
    {
        var lastLeaseCheck = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (DateTime.UtcNow - lastLeaseCheck > options.LeaseCheckInterval)
            {
                if (!await lease.IsHeldAsync(stoppingToken))
                {
                    throw new LeaseLostException("the lease connection no longer holds the lock");
                }

                lastLeaseCheck = DateTime.UtcNow;
            }

            if (_lingerAfterPage)
            {
                await LingerAsync(checkpoint, stoppingToken);
            }

            // Take the waiter before reading, so an append between the read and the wait still wakes us.
            var nextAppend = signal.NextAppend;
            _lastRead = Stopwatch.GetTimestamp();
            var notified = signal.Notifications;
            var page = await log.ReadAsync(checkpoint, options.BatchSize, stoppingToken);
            // Only at the head: a full page means the runner is behind (catching up, a rebuild) and reads on at once.
            _lingerAfterPage = options.BatchLinger > TimeSpan.Zero && !projection.DeliversLive && page.Events.Count > 0 && page.Events.Count < options.BatchSize;
            if (page.Events.Count > 0)
            {
                checkpoint = await ApplyPageAsync(page, checkpoint, stoppingToken);
                LastError = null;
                if (_state is ProjectionState.Halted)
                {
                    await WhileHaltedAsync(stoppingToken);
                    return;
                }

                if (!log.HasEverythingNotified(checkpoint, notified))
                {
                    continue;
                }

                // Caught up with every append notified before the read: what comes later completes nextAppend, so
                // asking the log again now would only be an empty query.
            }

            if (checkpoint > _committed)
            {
                // Caught up, with the row behind: write it unless an append comes within the delay, whose batch then
                // carries it. An external batch's row waits CheckpointDelay; a row over events it does not handle waits
                // IdleCheckpointInterval (read-your-writes elsewhere sees past it, ProjectionConsistency).
                var due = _lastCommit + (_appliedSinceCommit ? options.CheckpointDelay : options.IdleCheckpointInterval) - DateTime.UtcNow;
                if (due > TimeSpan.Zero)
                {
                    try
                    {
                        await nextAppend.WaitAsync(due, stoppingToken);
                    }
                    catch (TimeoutException)
                    {
                        // No append: the next turn finds the page empty and the row due.
                    }

                    continue;
                }

                checkpoint = await CommitAsync([], checkpoint, checkpoint, stoppingToken);
            }

            try
            {
                await nextAppend.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (TimeoutException)
            {
                // Polling fallback; and while idle, notice a rebuild that waits to swap tables.
                if ((await checkpoints.ReadAsync(projection.Name, stoppingToken)).Paused)
                {
                    throw new LeaseLostException("a rebuild paused the projection");
                }
            }
        }
    }

    /// <summary>Holds the lease without applying anything until a rebuild (or an operator) changes the status.</summary>
    private async Task WhileHaltedAsync(CancellationToken stoppingToken)
    {
        _state = ProjectionState.Halted;
        logger.LogError("Projection {Projection} is halted at a parked event; rebuild it to go on", projection.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.PollInterval, stoppingToken);
            var (_, status, paused) = await checkpoints.ReadAsync(projection.Name, stoppingToken);
            if (paused || status != HaltedStatus)
            {
                _state = ProjectionState.Standby;
                throw new LeaseLostException("the halted projection was resumed or paused");
            }
        }
    }

    /// <summary>
    /// Applies a page: as one batch when it can, else event by event up to the one that fails, which is
    /// parked. An unreadable event of a handled type is parked without trying. A transient failure (the
    /// database went away) is not poison: it propagates and the batch is retried with backoff.
    /// </summary>
    private async Task<long> ApplyPageAsync(GlobalLogPage page, long checkpoint, CancellationToken stoppingToken)
    {
        var relevant = page.Events.Where(Handles).ToArray();
        if (relevant.Length == 0 && DateTime.UtcNow - _lastCommit < options.IdleCheckpointInterval)
        {
            // Nothing to apply: the read model already stands at the page's end; the row follows within the interval.
            Interlocked.Exchange(ref _position, page.NextPosition);
            progress.Report(projection.Name, page.NextPosition);
            return page.NextPosition;
        }

        if (!relevant.Any(e => e.Data is UnreadableEvent))
        {
            try
            {
                return await CommitAsync(relevant, checkpoint, page.NextPosition, stoppingToken);
            }
            catch (Exception ex) when (IsPoison(ex, stoppingToken))
            {
                logger.LogWarning(ex, "Projection {Projection}: a batch after {Position} failed; applying it event by event", projection.Name, checkpoint);
            }
        }

        foreach (var e in relevant)
        {
            string? error = e.Data is UnreadableEvent unreadable ? "Unreadable: " + unreadable.Error : null;
            if (error is null)
            {
                try
                {
                    checkpoint = await CommitAsync([e], checkpoint, e.Position, stoppingToken);
                    continue;
                }
                catch (Exception ex) when (IsPoison(ex, stoppingToken))
                {
                    error = ex.ToString();
                }
            }

            checkpoint = await ParkAsync(e, error, checkpoint, stoppingToken);
            if (_state is ProjectionState.Halted)
            {
                return checkpoint;
            }
        }

        return checkpoint < page.NextPosition ? await CommitAsync([], checkpoint, page.NextPosition, stoppingToken) : checkpoint;
    }

    private async Task<long> CommitAsync(StoredEvent[] events, long checkpoint, long to, CancellationToken stoppingToken)
    {
        // An external batch that has begun is finished, checkpoint included, even when the process is stopping
        // (within BatchGrace): cut off midway, its effects (pushes sent) would be repeated by the instance that
        // takes over. A crash can still cut it: then the batch is applied again (idempotent by contract).
        using var grace = projection is IEventProjection ? new CancellationTokenSource(BatchGrace) : null;
        stoppingToken = grace?.Token ?? stoppingToken;
        var steps = new BatchSteps();
        if (events.Length > 0 && projection is IEventProjection external)
        {
            await external.ApplyAsync(events, stoppingToken);
            steps.Apply = steps.Lap();
            if (DateTime.UtcNow - _lastCommit < options.CheckpointDelay)
            {
                // Applied; the row follows with a later batch or before the runner waits (CheckpointDelay).
                _appliedSinceCommit = true;
                Advance(to, events.Length);
                WarnIfSlow(events, steps);
                return to;
            }
        }

        await using var connection = await connections.OpenAsync(stoppingToken);
        steps.Connection = steps.Lap();
        if (events.Length > 0 && projection is IMySqlProjection mySql)
        {
            await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
            await mySql.ApplyAsync(events, connection, transaction, stoppingToken);
            steps.Apply = steps.Lap();
            await ProjectionCheckpoints.AdvanceAsync(connection, transaction, projection.Name, _committed, to, owner, stoppingToken);
            steps.Checkpoint = steps.Lap();
            await transaction.CommitAsync(stoppingToken);
            steps.Commit = steps.Lap();
        }
        else
        {
            // Only the row moves (an external batch is applied already, or nothing here is handled): its one UPDATE is
            // atomic on its own, and most of the projections' commits under load are these.
            await ProjectionCheckpoints.AdvanceAsync(connection, null, projection.Name, _committed, to, owner, stoppingToken);
            steps.Checkpoint = steps.Lap();
        }

        WarnIfSlow(events, steps);
        _committed = to;
        _lastCommit = DateTime.UtcNow;
        _appliedSinceCommit = false;
        Advance(to, events.Length);
        return to;
    }

    private void WarnIfSlow(StoredEvent[] events, BatchSteps steps)
    {
        var took = steps.Total;
        if (took < options.SlowBatchWarning)
        {
            return;
        }

        // At most one line per interval: catching up after a long stop on a slow host, every full batch may be slow.
        if (_lastSlowBatchWarning != 0 && Stopwatch.GetElapsedTime(_lastSlowBatchWarning) < SlowBatchWarningInterval)
        {
            _slowBatchesNotLogged++;
            return;
        }

        _lastSlowBatchWarning = Stopwatch.GetTimestamp();
        var notLogged = _slowBatchesNotLogged;
        _slowBatchesNotLogged = 0;

        // The age is how long the oldest event had been committed when the batch began: the wait before the batch,
        // beside the batch's own time.
        var age = events.Length == 0 ? TimeSpan.Zero : DateTimeOffset.UtcNow - events.Min(e => e.Timestamp) - took;
        logger.LogWarning(
            "Projection {Projection}: a batch of {Events} events took {BatchMs:F0} ms (apply {ApplyMs:F0}, connection {ConnectionMs:F0}, checkpoint {CheckpointMs:F0}, commit {CommitMs:F0}); its oldest event was {AgeMs:F0} ms old when it began; {SlowBatchesNotLogged} slow batches since the last such line were not logged",
            projection.Name, events.Length, took.TotalMilliseconds, steps.Apply.TotalMilliseconds, steps.Connection.TotalMilliseconds,
            steps.Checkpoint.TotalMilliseconds, steps.Commit.TotalMilliseconds, age.TotalMilliseconds, notLogged);
    }

    /// <summary>How long each step of a batch took (zero for a step it did not take).</summary>
    private sealed class BatchSteps
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _lastLap;

        public TimeSpan Apply { get; set; }

        public TimeSpan Connection { get; set; }

        public TimeSpan Checkpoint { get; set; }

        public TimeSpan Commit { get; set; }

        public TimeSpan Total => Stopwatch.GetElapsedTime(_started);

        /// <summary>The time since the previous lap (or the start).</summary>
        public TimeSpan Lap()
        {
            var now = Stopwatch.GetTimestamp();
            var since = Stopwatch.GetElapsedTime(_lastLap == 0 ? _started : _lastLap, now);
            _lastLap = now;
            return since;
        }
    }

    private void Advance(long to, int applied)
    {
        Interlocked.Exchange(ref _position, to);
        Interlocked.Add(ref _appliedEvents, applied);
        progress.Report(projection.Name, to);
    }

    private async Task<long> ParkAsync(StoredEvent e, string error, long checkpoint, CancellationToken stoppingToken)
    {
        var stop = projection.OnPoison == PoisonPolicy.StopAndPark;
        logger.LogError(
            "Projection {Projection}: event at position {Position} ({EventType}) parked ({Policy}): {Error}",
            projection.Name, e.Position, e.EventType, projection.OnPoison, error);
        await using var connection = await connections.OpenAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        await ProjectionCheckpoints.ParkAsync(connection, transaction, projection.Name, new StoredEventRef(e.Position, e.EventType), error, stop, stoppingToken);
        if (!stop)
        {
            // Past the parked event, in the same transaction: parked and skipped, or neither.
            await ProjectionCheckpoints.AdvanceAsync(connection, transaction, projection.Name, _committed, e.Position, owner, stoppingToken);
        }

        await transaction.CommitAsync(stoppingToken);
        if (stop)
        {
            _state = ProjectionState.Halted;
            LastError = error;
            return checkpoint;
        }

        _committed = e.Position;
        _lastCommit = DateTime.UtcNow;
        _appliedSinceCommit = false;
        Interlocked.Exchange(ref _position, e.Position);
        progress.Report(projection.Name, e.Position);
        return e.Position;
    }

    private bool Handles(StoredEvent e) => e.Data switch
    {
        UnknownEvent => false,
        UnreadableEvent unreadable => _handledNames is null || _handledNames.Contains(unreadable.EventName),
        _ => projection.HandledEvents is not { } handled || handled.Contains(e.Data.GetType()),
    };

    /// <summary>A failure that retrying will not cure: the event (or the projection's code for it) is at fault.</summary>
    private static bool IsPoison(Exception ex, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested || ex is LeaseLostException or OperationCanceledException)
        {
            return false;
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is MySqlConnector.MySqlException { IsTransient: true } or IOException or TimeoutException or System.Net.Sockets.SocketException
                    or StackExchange.Redis.RedisConnectionException
                || inner is MySqlConnector.MySqlException { ErrorCode: MySqlConnector.MySqlErrorCode.UnableToConnectToHost or MySqlConnector.MySqlErrorCode.CommandTimeoutExpired })
            {
                return false;
            }
        }

        return true;
    }

    private async Task TryRecordAsync(Func<Task> record)
    {
        try
        {
            await record();
        }
        catch (Exception ex) when (ex is MySqlConnector.MySqlException or InvalidOperationException)
        {
            logger.LogDebug(ex, "Projection {Projection}: status not recorded", projection.Name);
        }
    }
}
