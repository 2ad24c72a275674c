namespace EventChat.Infrastructure.EventStore;

public sealed class EventStoreOptions
{
    /// <summary>A batch stops taking queued appends once it holds this many events (a soft limit: one append is never split).</summary>
    public int MaxBatchEvents { get; set; } = 2000;

    /// <summary>... or this many bytes of payload and metadata; well under MySQL's max_allowed_packet (16 MB on MariaDB by default).</summary>
    public long MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Attempts to write a batch before its appends fail (the database is down): about 3 s with the delays below.</summary>
    public int MaxWriteAttempts { get; set; } = 7;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the writer waits for the head row lock (held by another process's batch) before retrying.</summary>
    public TimeSpan LockWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
