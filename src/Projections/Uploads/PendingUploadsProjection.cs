using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Uploads.CleanUpUploads;
using EventChat.Domain.Uploads;
using EventChat.Projections.Engine;
using EventChat.Projections.ReadModels;
using MySqlConnector;

namespace EventChat.Projections.Uploads;

/// <summary>
/// <c>rm_pending_uploads</c>: uploads started and not yet stored or abandoned. Almost always empty: a row lives for the
/// seconds of one upload, unless the upload never completes, and then <see cref="StaleUploadCleaner"/> finds it here.
/// </summary>
public sealed class PendingUploadsProjection(ReadModelDbContextFactory contexts) : IMySqlProjection, IPendingUploads
{
    public const string ProjectionName = "pending-uploads";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.Uploads;

    public IReadOnlyCollection<Type> HandledEvents { get; } = [typeof(UploadStarted), typeof(UploadStored), typeof(UploadAbandoned)];

    public IReadOnlyList<string> Tables { get; } = ["rm_pending_uploads"];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var (sql, args) = e.Data switch
            {
                UploadStarted s => (
                    "INSERT IGNORE INTO rm_pending_uploads (upload_id, object_key, started_at) VALUES (@id, @key, @at)",
                    (object)new { id = s.UploadId.ToString("D"), key = s.ObjectKey, at = s.StartedAt.UtcDateTime }),
                UploadStored s => ("DELETE FROM rm_pending_uploads WHERE upload_id = @id", new { id = s.UploadId.ToString("D") }),
                UploadAbandoned a => ("DELETE FROM rm_pending_uploads WHERE upload_id = @id", new { id = a.UploadId.ToString("D") }),
                _ => (null, null),
            };
            if (sql is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken));
            }
        }
    }

    public async Task<IReadOnlyList<PendingUpload>> StartedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = await connection.QueryAsync<(Guid Id, string Key, DateTime At)>(new CommandDefinition(
            "SELECT upload_id, object_key, started_at FROM rm_pending_uploads WHERE started_at < @cutoff ORDER BY started_at LIMIT @limit",
            new { cutoff = cutoff.UtcDateTime, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => new PendingUpload(r.Id, r.Key, new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)))).ToArray();
    }
}
