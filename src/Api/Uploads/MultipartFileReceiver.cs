using System.Buffers;
using System.Security.Cryptography;
using EventChat.Application.Uploads.StoreUpload;
using EventChat.Domain.Common;
using EventChat.Domain.Uploads;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EventChat.Api.Uploads;

/// <summary>
/// Streams one file part of a multipart body into a temporary file (deleted on dispose), hashing it and keeping
/// its first bytes for type detection on the way: the file is never held in memory, and reading stops at the
/// first byte over the limit (413) instead of after the whole body.
/// </summary>
public sealed class MultipartFileReceiver : IAsyncDisposable
{
    private const int BufferSize = 81920;

    private readonly FileStream _temp;

    private MultipartFileReceiver(FileStream temp, long size, string sha256, string? sniffedType, string fileName)
    {
        _temp = temp;
        Size = size;
        Sha256 = sha256;
        SniffedType = sniffedType;
        FileName = fileName;
    }

    public long Size { get; }

    public string Sha256 { get; }

    public string? SniffedType { get; }

    public string FileName { get; }

    public static async Task<MultipartFileReceiver> ReceiveAsync(HttpRequest request, string partName, long maxSize, CancellationToken cancellationToken)
    {
        try
        {
            return await ReceiveCheckedAsync(request, partName, maxSize, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException)
        {
            // The multipart framing is broken or the body ends mid-part: the client's request, not the server, is at
            // fault. (BadHttpRequestException, also an IOException, keeps its own status: 413 over Kestrel's limit.)
            throw RefusedException.Invalid("file", "The multipart body is malformed or ends before its last boundary.");
        }
    }

    private static async Task<MultipartFileReceiver> ReceiveCheckedAsync(HttpRequest request, string partName, long maxSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw RefusedException.Invalid("file", "Send the file as multipart/form-data with one part named 'file'.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition()
                || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, partName, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = UploadFileName.Clean(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
            return await CopyToTempAsync(section.Body, maxSize, fileName, cancellationToken);
        }

        throw RefusedException.Invalid("file", "The request has no file part named 'file'.");
    }

    public ReceivedFile ToReceivedFile() => new(_temp, Size, Sha256, SniffedType, FileName);

    public ValueTask DisposeAsync() => _temp.DisposeAsync();

    private static async Task<MultipartFileReceiver> CopyToTempAsync(Stream body, long maxSize, string fileName, CancellationToken cancellationToken)
    {
        var temp = new FileStream(
            Path.Combine(Path.GetTempPath(), "eventchat-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var header = new byte[ContentSniffer.HeaderLength];
            var headerLength = 0;
            long size = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                size += read;
                if (size > maxSize)
                {
                    throw RefusedException.TooLarge($"Files may be at most {maxSize} bytes.");
                }

                if (headerLength < header.Length)
                {
                    var take = Math.Min(read, header.Length - headerLength);
                    buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                    headerLength += take;
                }

                hash.AppendData(buffer, 0, read);
                await temp.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await temp.FlushAsync(cancellationToken);
            temp.Position = 0;
            var sha256 = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
            return new MultipartFileReceiver(temp, size, sha256, ContentSniffer.Sniff(header.AsSpan(0, headerLength)), fileName);
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
