using Dapper;
using EventChat.Domain.Uploads;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Operations;

namespace EventChat.Infrastructure.Uploads;

/// <summary>
/// Every object key the log recorded (<c>upload.stored</c>), for backups. Read with the registry, so older payloads are
/// upcast like any other read of the log. Objects are never removed by the app (a recall hides a message, not its file).
/// </summary>
public sealed class UploadObjectCatalog(MySqlConnectionFactory connections, EventTypeRegistry registry) : IBackedUpObjects
{
    public async Task<IReadOnlyList<BackedUpObject>> ListAsync(long upToPosition, CancellationToken cancellationToken)
    {
        var (name, _) = registry.NameOf(typeof(UploadStored));
        var baseName = EventTypeRegistry.ParseStoredName(name).Name;
        await using var connection = await connections.OpenAsync(cancellationToken);

        // Every version of the event (upload.stored.v1, .v2, …): no index on the type, a daily scan of the log is fine.
        var rows = await connection.QueryAsync<(string EventType, string Data)>(new CommandDefinition(
            "SELECT event_type, data FROM es_events WHERE event_type LIKE @pattern AND position <= @upToPosition ORDER BY position",
            new { pattern = baseName + ".v%", upToPosition },
            cancellationToken: cancellationToken));
        return rows
            .Select(r => (UploadStored)registry.Deserialize(r.EventType, r.Data))
            .Select(e => new BackedUpObject(e.ObjectKey, e.ContentType, e.Size))
            .DistinctBy(o => o.Key)
            .ToArray();
    }
}
