namespace EventChat.Infrastructure.Operations;

/// <summary>
/// The objects a backup must copy: every key the event log recorded up to a position. The log, not the store, is the
/// list: s3rver does not answer ListObjects, and an object the log never recorded belongs to no one.
/// </summary>
public interface IBackedUpObjects
{
    Task<IReadOnlyList<BackedUpObject>> ListAsync(long upToPosition, CancellationToken cancellationToken);
}

public sealed record BackedUpObject(string Key, string ContentType, long Size);
