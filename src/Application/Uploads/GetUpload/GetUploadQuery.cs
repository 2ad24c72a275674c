using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Queries;
using EventChat.Application.Conversations;
using EventChat.Domain.Common;
using EventChat.Domain.Uploads;
using Mediator;

namespace EventChat.Application.Uploads.GetUpload;

/// <summary>
/// Where the caller can fetch an upload: a presigned URL, for its owner and for members of a conversation where it
/// was sent and not recalled (everyone else gets 404: ids do not leak). <see cref="MinPosition"/>: read-your-writes
/// for a member who fetches right after the message arrived.
/// </summary>
public sealed record GetUploadQuery(Guid UploadId, long? MinPosition = null) : IQuery<PresignedUrl>;

public sealed class GetUploadHandler(IEventStore store, IObjectStorage storage, ICurrentUser caller, IConversationReadModel conversations, IReadModelConsistency consistency) : IQueryHandler<GetUploadQuery, PresignedUrl>
{
    public async ValueTask<PresignedUrl> Handle(GetUploadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = new UploadId(query.UploadId);

        // The upload's own stream (one event): consistent right after the upload, no read model to wait for.
        var (upload, _) = await store.AggregateStreamAsync(id.Stream.Id, Upload.Initial, Upload.Evolve, cancellationToken: cancellationToken);
        var me = caller.UserId;
        var visible = upload.Exists && me is { } user && (upload.OwnerId == user
            || await ReadModelReads.ReadAsync(consistency, ReadModelSet.Conversations, query.MinPosition, ct => conversations.WasSentToAsync(id.Value, user, ct), cancellationToken));
        if (!visible)
        {
            throw RefusedException.NotFound("No such upload.");
        }

        return await storage.PresignGetAsync(id.ObjectKey, cancellationToken);
    }
}
