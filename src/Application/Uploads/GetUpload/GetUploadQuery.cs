using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Domain.Common;
using EventChat.Domain.Uploads;
using Mediator;

namespace EventChat.Application.Uploads.GetUpload;

/// <summary>Where the caller can fetch an upload: a presigned URL, for its owner only (everyone else gets 404: ids do not leak).</summary>
public sealed record GetUploadQuery(Guid UploadId) : IQuery<PresignedUrl>;

public sealed class GetUploadHandler(IEventStore store, IObjectStorage storage, ICurrentUser caller) : IQueryHandler<GetUploadQuery, PresignedUrl>
{
    public async ValueTask<PresignedUrl> Handle(GetUploadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = new UploadId(query.UploadId);

        // The upload's own stream (one event): consistent right after the upload, no read model to wait for.
        var (upload, _) = await store.AggregateStreamAsync(id.Stream.Id, Upload.Initial, Upload.Evolve, cancellationToken: cancellationToken);
        if (!upload.Exists || upload.OwnerId != caller.UserId)
        {
            throw RefusedException.NotFound("No such upload.");
        }

        return await storage.PresignGetAsync(id.ObjectKey, cancellationToken);
    }
}
