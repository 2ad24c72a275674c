namespace EventChat.Infrastructure.EventStore;

public sealed class EventStoreOptions
{
    /// <summary>
    /// How old the event after a gap must be before the gap counts as abandoned (a rolled-back append).
    /// Readers wait for in-flight rows with a locking read, so this only covers the microseconds between
    /// InnoDB reserving an auto-increment value and the row entering the index. See docs/event-store.md.
    /// </summary>
    public TimeSpan AbandonedGapAge { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts for an append that hits a deadlock or a concurrent stream creation.</summary>
    public int MaxAppendAttempts { get; set; } = 20;
}
