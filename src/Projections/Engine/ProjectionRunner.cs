using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging;

namespace EventChat.Projections.Engine;

/// <summary>
/// Runs one projection: waits for its lease, catches up in batches, then tails the log, woken by
/// append notifications (polling only as the fallback). Each batch and its checkpoint commit together.
/// </summary>
public sealed class ProjectionRunner(
    IMySqlProjection projection,
    IEventStore store,
    AppendSignal signal,
    MySqlConnectionFactory connections,
    ProjectionCheckpoints checkpoints,
    ProjectionOptions options,
    string owner,
    ILogger logger)
{
    private volatile ProjectionState _state = ProjectionState.Starting;
    private long _position;
    private long _appliedEvents;

    public string Name => projection.Name;

    public ProjectionState State => _state;

    /// <summary>This runner's last committed checkpoint (meaningful while <see cref="ProjectionState.Active"/>).</summary>
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
        var checkpoint = await checkpoints.ReadPositionAsync(projection.Name, stoppingToken);
        Interlocked.Exchange(ref _position, checkpoint);
        if (_state is not ProjectionState.Faulted)
        {
            // After a failure the stored status stays "faulted" until a batch commits again.
            await checkpoints.SetStatusAsync(projection.Name, "running", owner, null, stoppingToken);
        }

        _state = ProjectionState.Active;
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

            // Take the waiter before reading, so an append between the read and the wait still wakes us.
            var nextAppend = signal.NextAppend;
            var page = await store.ReadAllForwardAsync(checkpoint, options.BatchSize, stoppingToken);
            if (page.Events.Count > 0 || page.NextPosition > checkpoint)
            {
                checkpoint = await ApplyAsync(page, checkpoint, stoppingToken);
                LastError = null;
                continue;
            }

            if (page.WaitingOnGap)
            {
                await Task.Delay(options.GapRetryDelay, stoppingToken);
                continue;
            }

            try
            {
                await nextAppend.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (TimeoutException)
            {
                // Polling fallback.
            }
        }
    }

    private async Task<long> ApplyAsync(GlobalLogPage page, long checkpoint, CancellationToken stoppingToken)
    {
        await using var connection = await connections.OpenAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        if (page.Events.Count > 0)
        {
            await projection.ApplyAsync(page.Events, connection, transaction, stoppingToken);
        }

        await ProjectionCheckpoints.AdvanceAsync(connection, transaction, projection.Name, checkpoint, page.NextPosition, owner, stoppingToken);
        await transaction.CommitAsync(stoppingToken);

        Interlocked.Exchange(ref _position, page.NextPosition);
        Interlocked.Add(ref _appliedEvents, page.Events.Count);
        return page.NextPosition;
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
