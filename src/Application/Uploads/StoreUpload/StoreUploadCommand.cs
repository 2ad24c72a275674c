using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;
using EventChat.Domain.Uploads;
using Mediator;

namespace EventChat.Application.Uploads.StoreUpload;

/// <summary>
/// A file the Api has received in full (to a temporary file, never whole in memory): its bytes, their size,
/// SHA-256 and the type its first bytes show (null when unknown), and the client's file name, cleaned.
/// </summary>
public sealed record ReceivedFile(Stream Content, long Size, string Sha256, string? SniffedType, string FileName);

public sealed record StoreUploadCommand(ReceivedFile File) : ICommand<WriteResult<UploadView>>;

/// <summary>
/// Records <see cref="UploadStarted"/>, puts the object under a key the server chooses, then records
/// <see cref="UploadStored"/>. A failure it sees (the store or the database went away) removes the object and
/// records <see cref="UploadAbandoned"/>; a failure it cannot see (the process died after the PUT) leaves an upload
/// started and never stored, which <c>StaleUploadCleaner</c> abandons and removes later. Either way no object
/// outlives its upload, and nothing is served that was not stored.
/// </summary>
public sealed class StoreUploadHandler(CommandRunner commands, IObjectStorage storage, ICurrentUser caller, IClock clock, UploadsOptions options)
    : ICommandHandler<StoreUploadCommand, WriteResult<UploadView>>
{
    public async ValueTask<WriteResult<UploadView>> Handle(StoreUploadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var file = command.File;
        var ownerId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        if (file.Size == 0)
        {
            throw RefusedException.Invalid("file", "The file is empty.");
        }

        if (file.Size > options.MaxSize)
        {
            throw RefusedException.TooLarge($"Files may be at most {options.MaxSize} bytes.");
        }

        if (file.SniffedType is not { } contentType || !options.Allows(contentType))
        {
            throw RefusedException.UnsupportedType($"The file's content is not one of the allowed types: {string.Join(", ", options.AllowedTypes)}.");
        }

        var id = UploadId.New();
        await commands.RunAsync((session, _) =>
        {
            session.AppendNew(id.Stream, [new UploadStarted(id.Value, ownerId, id.ObjectKey, clock.UtcNow)]);
            return Task.FromResult(0);
        }, cancellationToken);

        WriteResult<UploadStored> result;
        try
        {
            await storage.PutAsync(id.ObjectKey, file.Content, file.Size, contentType, cancellationToken);
            result = await commands.RunAsync(async (session, ct) =>
            {
                // Stored only while still started: an upload the cleanup job abandoned meanwhile stays abandoned.
                var upload = await session.LoadAsync(id.Stream, Upload.Initial, Upload.Evolve, ct);
                if (upload.Abandoned)
                {
                    throw RefusedException.Conflict("The upload took too long and was abandoned; upload the file again.");
                }

                var stored = new UploadStored(id.Value, ownerId, id.ObjectKey, contentType, file.Size, file.Sha256, file.FileName, clock.UtcNow);
                session.Append(id.Stream, [stored]);
                return stored;
            }, cancellationToken);
        }
        catch (Exception failure)
        {
            // CancellationToken.None: the request may be what was cancelled, and the object must not be left behind.
            await AbandonAsync(id, failure, CancellationToken.None);
            throw;
        }

        var url = await storage.PresignGetAsync(id.ObjectKey, cancellationToken);
        var upload = result.Value;
        return new(new UploadView(upload.UploadId, upload.ContentType, upload.Size, upload.FileName, url.Url.ToString(), url.ExpiresAt), result.Position);
    }

    /// <summary>
    /// Best effort: whatever is not done here, the cleanup job does later. <see cref="UploadAbandoned"/> is appended only
    /// once the delete succeeded, since an abandoned upload must have no object: when the store is down the delete fails,
    /// and a PUT that failed may still have written the object (a timeout after the store took the bytes). The upload
    /// then stays started and never served, and the cleanup job abandons it and removes its object an hour on.
    /// </summary>
    private async Task AbandonAsync(UploadId id, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            await storage.DeleteAsync(id.ObjectKey, cancellationToken);
            await commands.RunAsync(async (session, ct) =>
            {
                var upload = await session.LoadAsync(id.Stream, Upload.Initial, Upload.Evolve, ct);
                if (!upload.Exists && !upload.Abandoned)
                {
                    session.Append(id.Stream, [new UploadAbandoned(id.Value, id.ObjectKey, "failed: " + failure.GetType().Name, clock.UtcNow)]);
                }

                return 0;
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left to the cleanup job, which finds the upload still started.
        }
    }
}
