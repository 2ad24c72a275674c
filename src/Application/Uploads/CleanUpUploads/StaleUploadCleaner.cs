using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Domain.Uploads;

namespace EventChat.Application.Uploads.CleanUpUploads;

/// <summary>The uploads started and neither stored nor abandoned yet (a read model of the upload streams).</summary>
public interface IPendingUploads
{
    Task<IReadOnlyList<PendingUpload>> StartedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}

public sealed record PendingUpload(Guid UploadId, string ObjectKey, DateTimeOffset StartedAt);

/// <summary>
/// Abandons uploads started more than <see cref="AbandonAfter"/> ago and never stored (the Api died between the PUT
/// and the append, or could not record the failure), and removes their objects. The abandon is appended first, at the
/// version that shows the upload still started: an upload stored meanwhile makes that append fail, and its object
/// stays. Appended as the system (no user), straight to the store, so it runs in the Api and in the projections worker.
/// </summary>
public sealed class StaleUploadCleaner(IPendingUploads pending, IEventStore store, IObjectStorage storage, IClock clock)
{
    /// <summary>Far beyond any upload's time in flight (UPLOAD_MAX_SIZE over a slow link), so a live upload is never taken.</summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromHours(1);

    private const int PageSize = 500;

    /// <returns>How many uploads were abandoned.</returns>
    public async Task<int> CleanAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow - AbandonAfter;
        var stale = await pending.StartedBeforeAsync(cutoff, PageSize, cancellationToken);
        var abandoned = 0;
        foreach (var upload in stale)
        {
            var stream = new UploadId(upload.UploadId).Stream;
            var (state, version) = await store.AggregateStreamAsync(stream.Id, Upload.Initial, Upload.Evolve, cancellationToken: cancellationToken);
            if (state.Exists || state.Abandoned)
            {
                continue;
            }

            try
            {
                await store.AppendAsync(
                    stream,
                    [EventToAppend.New(new UploadAbandoned(upload.UploadId, upload.ObjectKey, $"not stored within {AbandonAfter.TotalMinutes:0} minutes", clock.UtcNow), EventMetadata.Empty)],
                    ExpectedVersion.Exactly(version),
                    cancellationToken);
            }
            catch (WrongExpectedVersionException)
            {
                continue;
            }

            await storage.DeleteAsync(upload.ObjectKey, cancellationToken);
            abandoned++;
            progress?.Report($"{abandoned} of {stale.Count} stale uploads abandoned and their objects removed");
        }

        return abandoned;
    }
}
