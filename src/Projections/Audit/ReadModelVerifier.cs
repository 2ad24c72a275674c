using System.Data;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.Projections.Engine;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Projections.Audit;

/// <summary>
/// Proves the read models against the log: each MySQL projection is replayed from position 0 into empty copies of
/// its tables (scratch database <c>{DB_NAME}_verify</c>) and compared with its live tables, row by row, at one
/// position. The live tables keep moving, so per projection one connection opens a consistent snapshot
/// (REPEATABLE READ, <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c>), reads the projection's checkpoint C in it, replays
/// the log up to exactly C into the scratch tables inside that same transaction (it sees its own writes; savepoints
/// undo a failing batch), then compares both sides in SQL: the live rows as the snapshot shows them, which is the
/// read model at C, because the engine commits a batch and its checkpoint together.
/// Every column is compared byte for byte (no column is excluded: every value a projection writes comes from the
/// event, none from the clock of the run). The Redis inbox is verified conversation by conversation (<see cref="InboxVerifier"/>);
/// push projections keep no read model (see docs/audit.md).
/// </summary>
public sealed class ReadModelVerifier(
    ProjectionCatalog projections, ProjectionReplay replay, InboxVerifier inbox, MySqlConnectionFactory connections, ILogger<ReadModelVerifier> logger)
{
    /// <summary>The scratch database of verifies: <c>{DB_NAME}_verify</c>.</summary>
    public const string ScratchSuffix = "_verify";

    /// <summary>Rows listed per table; more are counted, not listed.</summary>
    public const int MaxDifferencesPerTable = 1000;

    private const string VerifyLockName = "audit-verify";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    /// <summary>The projections a verify compares: the MySQL ones with tables.</summary>
    public IReadOnlyList<IMySqlProjection> Verified => projections.All.OfType<IMySqlProjection>().Where(p => p.Tables.Count > 0).ToArray();

    /// <summary>The projections it does not: they keep no read model (pushes).</summary>
    public IReadOnlyList<string> NotVerified =>
        projections.All.Where(p => p is not IMySqlProjection { Tables.Count: > 0 } && p != inbox.Projection).Select(p => p.Name).ToArray();

    public async Task<VerifyReport> VerifyAsync(IProgress<VerifyProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();

        // One verify at a time, cluster-wide: two would fill the same scratch tables.
        await using var verifyLock = await ProjectionLease.TryAcquireAsync(connections, VerifyLockName, cancellationToken, LockWait)
            ?? throw new TimeoutException($"Another verify is still running after {LockWait.TotalMinutes} minutes.");
        await using var keepAlive = verifyLock.KeepAlive();

        var verified = Verified;
        var steps = verified.Count + (inbox.Projection is null ? 0 : 1);
        var results = new List<ProjectionVerification>();
        var differences = new List<VerifyDifference>();
        long count = 0;
        for (var i = 0; i < steps; i++)
        {
            var name = i < verified.Count ? verified[i].Name : inbox.Projection!.Name;

            // A rebuild swaps the live read model (tables by RENAME, the inbox's key generation): never in the middle of a comparison.
            await using var rebuildLock = await ProjectionLease.TryAcquireAsync(connections, ProjectionRebuilder.RebuildLockName(name), cancellationToken, LockWait)
                ?? throw new TimeoutException($"A rebuild of '{name}' is still running after {LockWait.TotalMinutes} minutes.");
            await using var rebuildKeepAlive = rebuildLock.KeepAlive();
            var (result, found, total) = i < verified.Count
                ? await VerifyProjectionAsync(verified[i], i, steps, progress, cancellationToken)
                : await inbox.VerifyAsync(i, steps, progress, MaxDifferencesPerTable, cancellationToken);
            results.Add(result);
            differences.AddRange(found);
            count += total;
        }

        logger.LogInformation(
            "Verify: {Projections} projections compared with a replay of the log in {Seconds:0.0} s, {Differences} differences",
            steps, started.Elapsed.TotalSeconds, count);
        return new VerifyReport(count, results, differences, NotVerified, Math.Round(started.Elapsed.TotalSeconds, 3));
    }

    private async Task<(ProjectionVerification Result, List<VerifyDifference> Differences, long Count)> VerifyProjectionAsync(
        IMySqlProjection projection, int index, int count, IProgress<VerifyProgress>? progress, CancellationToken cancellationToken)
    {
        // DDL commits implicitly: the scratch tables exist before the snapshot, which then sees them empty.
        await replay.PrepareScratchTablesAsync(projection, ScratchSuffix, cancellationToken);
        try
        {
            await using var connection = new MySqlConnection(replay.ScratchConnectionString(ScratchSuffix));
            await connection.OpenAsync(cancellationToken);
            await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.Snapshot, cancellationToken);
            var live = replay.LiveDatabase;
            var checkpoint = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"SELECT position FROM `{live}`.es_projection_checkpoints WHERE name = @name",
                new { name = projection.Name },
                snapshot,
                cancellationToken: cancellationToken)) ?? 0;

            progress?.Report(new VerifyProgress(projection.Name, index, count, 0, checkpoint, "replaying"));
            var tally = new ReplayTally();
            var savepoints = 0;
            await replay.ReplayAsync(
                projection,
                async (events, ct) =>
                {
                    // A batch that fails is undone (a failed statement alone would leave the batch's earlier ones applied).
                    var savepoint = string.Create(CultureInfo.InvariantCulture, $"replay_{savepoints++}");
                    await connection.ExecuteAsync(new CommandDefinition($"SAVEPOINT {savepoint}", transaction: snapshot, cancellationToken: ct));
                    try
                    {
                        await projection.ApplyAsync(events, connection, snapshot, ct);
                    }
                    catch (Exception) when (connection.State == ConnectionState.Open)
                    {
                        await connection.ExecuteAsync(new CommandDefinition($"ROLLBACK TO SAVEPOINT {savepoint}", transaction: snapshot, cancellationToken: ct));
                        throw;
                    }

                    await connection.ExecuteAsync(new CommandDefinition($"RELEASE SAVEPOINT {savepoint}", transaction: snapshot, cancellationToken: ct));
                },
                0,
                checkpoint,
                tally,
                VerifyProgress.Replaying(progress, projection.Name, index, count),
                cancellationToken);

            progress?.Report(new VerifyProgress(projection.Name, index, count, checkpoint, checkpoint, "comparing"));
            var tables = new List<TableVerification>();
            var differences = new List<VerifyDifference>();
            long total = 0;
            foreach (var table in projection.Tables)
            {
                var compared = await TableComparison.CompareAsync(connection, snapshot, projection.Name, live, live + ScratchSuffix, table, MaxDifferencesPerTable, cancellationToken);
                tables.Add(compared.Table);
                differences.AddRange(compared.Listed);
                total += compared.Table.Differences;
            }

            // The transaction wrote only scratch rows: committing is cheaper than undoing them.
            await snapshot.CommitAsync(cancellationToken);
            logger.LogInformation(
                "Verify {Projection}: {Events} events replayed to position {Position}, {Differences} differences",
                projection.Name, tally.AppliedEvents, checkpoint, total);
            return (new ProjectionVerification(projection.Name, checkpoint, tally.AppliedEvents, tally.Parked.Count, tables), differences, total);
        }
        finally
        {
            await replay.DropScratchTablesAsync(projection, ScratchSuffix, CancellationToken.None);
        }
    }
}
