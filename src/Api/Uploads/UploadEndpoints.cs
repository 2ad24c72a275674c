using EventChat.Api.Common;
using EventChat.Application.Uploads;
using EventChat.Application.Uploads.GetUpload;
using EventChat.Application.Uploads.StoreUpload;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EventChat.Api.Uploads;

/// <summary><c>/api/uploads</c>: store a file (multipart, one part <c>file</c>) and fetch it through a presigned URL.</summary>
public sealed class UploadEndpoints : IEndpointGroup
{
    /// <summary>Room for the multipart framing around the file itself; the file's own limit is checked while it streams.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public void Map(RouteGroupBuilder api)
    {
        var maxSize = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<UploadsOptions>().MaxSize;
        var uploads = api.MapGroup("/uploads").WithTags("Uploads").RequireAuthorization();
        uploads.MapPost("/", StoreAsync).WithName("StoreUpload")
            .WithSummary("Store a file (multipart/form-data, one part named file); its type is decided by its bytes")
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxSize + MultipartOverhead))
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(503);
        uploads.MapGet("/{id:guid}", GetAsync).WithName("GetUpload")
            .WithSummary("302 to a short-lived presigned URL of the file, for its owner and members of a conversation where it was sent")
            .Produces(StatusCodes.Status302Found).ProducesProblem(404);
    }

    private static async Task<WrittenCreated<UploadView>> StoreAsync(HttpRequest request, ISender sender, UploadsOptions options, CancellationToken cancellationToken)
    {
        await using var file = await MultipartFileReceiver.ReceiveAsync(request, "file", options.MaxSize, cancellationToken);
        var result = await sender.Send(new StoreUploadCommand(file.ToReceivedFile()), cancellationToken);
        return WriteResults.Created($"/api/uploads/{result.Value.Id}", result);
    }

    private static async Task<RedirectHttpResult> GetAsync(Guid id, long? minPosition, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Redirect((await sender.Send(new GetUploadQuery(id, QueryParameters.MinPosition(minPosition)), cancellationToken)).Url.ToString());
}
