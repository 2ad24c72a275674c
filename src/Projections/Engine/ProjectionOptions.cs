namespace EventChat.Projections.Engine;

public sealed class ProjectionOptions
{
    /// <summary>Events per round trip and per transaction during catch-up.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The fallback when no append notification arrives (Redis down, a lost message).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a standby instance tries to take the lease.</summary>
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the active instance checks that it still holds the lease.</summary>
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the checkpoint row may trail over events the projection does not handle. Most events concern few
    /// projections; committing every projection's checkpoint for every append would be a write (and a log
    /// flush) per projection per append for nothing. A replay from a trailing row skips those events again, and
    /// read-your-writes in another process sees past it (<c>ProjectionConsistency</c> checks that none of the
    /// projection's events lie between the row and the position it waits for).
    /// </summary>
    public TimeSpan IdleCheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an external projection's checkpoint (its effects are outside MySQL, so the row is a write of its own)
    /// may wait for the next batch to carry it.
    /// Under load appends come every few milliseconds, and writing each such row at once was most of the projections'
    /// transactions (each with a log flush); when no append comes within it, the row is written. Read-your-writes in
    /// another process polls the rows every 100 ms, so this adds no noticeable wait there; a crash replays at most
    /// this much more of an external projection (at least once, by contract).
    /// </summary>
    public TimeSpan CheckpointDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// After a page that had events but was not full (the runner is at the head of a busy log), how long from that read
    /// the runner waits before reading again, so that the appends meanwhile are applied as one batch (as a Kafka
    /// producer's <c>linger.ms</c> gathers records). Every append wakes every runner; without it a runner at the head
    /// took a batch per wake-up, a few events each, and paid the wake-up, the SQL statements or the Redis script, and
    /// the checkpoint for each. Sends into one group, whose inbox fans out to every member, gained the most
    /// (docs/messaging.md, "Seventh session"). It adds at most this much to the lag. A read in this process that waits
    /// for its own write (<c>minPosition</c>) cuts short the linger of the projections it reads
    /// (<see cref="ProjectionProgress.Awaiting"/>, <see cref="IProjection.Writes"/>); one in
    /// another process (projections in the worker) may wait it out. An idle runner reads at once, and push projections
    /// never linger (<see cref="IProjection.DeliversLive"/>).
    /// </summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A batch that takes longer than this from its start to its commit is logged as a warning, with the time each
    /// step took (connection, apply, checkpoint, commit), so a lag spike names its step in the log.
    /// </summary>
    public TimeSpan SlowBatchWarning { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan FirstErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxErrorBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
