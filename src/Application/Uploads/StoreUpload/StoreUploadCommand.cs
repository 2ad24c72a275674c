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
/// Puts the object under a key the server chooses, then records <see cref="UploadStored"/>. The object is stored
/// before its event (the one natural exception to "the log first"): if the append fails, the object is removed
/// again, so a failure leaves neither an event nor an object.
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
        await storage.PutAsync(id.ObjectKey, file.Content, file.Size, contentType, cancellationToken);
        WriteResult<UploadStored> result;
        try
        {
            result = await commands.RunAsync((session, _) =>
            {
                var stored = new UploadStored(id.Value, ownerId, id.ObjectKey, contentType, file.Size, file.Sha256, file.FileName, clock.UtcNow);
                session.AppendNew(id.Stream, [stored]);
                return Task.FromResult(stored);
            }, cancellationToken);
        }
        catch
        {
            // CancellationToken.None: the request may be what was cancelled, and the object must not be left behind.
            await storage.DeleteAsync(id.ObjectKey, CancellationToken.None);
            throw;
        }

        var url = await storage.PresignGetAsync(id.ObjectKey, cancellationToken);
        var upload = result.Value;
        return new(new UploadView(upload.UploadId, upload.ContentType, upload.Size, upload.FileName, url.Url.ToString(), url.ExpiresAt), result.Position);
    }
}
