using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using Microsoft.Extensions.Logging;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// One backup: the event store's tables with the dump tool (one consistent snapshot), then every object the log
/// recorded up to the dump's head, from the object store into a gzip-compressed tar, then the manifest; then the
/// retention. The read models are not in it: a restore rebuilds them from the log.
/// </summary>
public sealed class BackupRunner(
    BackupOptions options, BackupStore store, IBackedUpObjects objects, IObjectStorage storage, IClock clock, ILogger<BackupRunner> logger)
{
    /// <summary>PAX attribute of a tar entry that keeps the object's content type for the restore.</summary>
    public const string ContentTypeAttribute = "EVENTCHAT.contentType";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    public async Task<BackupManifest> RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var createdAt = clock.UtcNow;
        var id = BackupStore.NewId(createdAt);
        var partial = store.BeginPartial(id);
        try
        {
            progress?.Report("database: dumping the event store");
            var dumpPath = Path.Combine(partial, BackupStore.DumpName);
            long head;
            await using (var dump = File.Create(dumpPath))
            {
                head = await MySqlClientTools.DumpEventStoreAsync(options, dump, cancellationToken);
            }

            var dumpFile = await DescribeAsync(dumpPath, cancellationToken);
            progress?.Report($"database: {Size(dumpFile.Bytes)} to position {head}");

            var recorded = await objects.ListAsync(head, cancellationToken);
            var (filesFile, missing) = await ArchiveAsync(recorded, Path.Combine(partial, BackupStore.FilesName), progress, cancellationToken);
            progress?.Report($"files: {recorded.Count - missing.Count} objects, {Size(filesFile.Bytes)}");

            var manifest = new BackupManifest(
                id, createdAt, options.DbName, options.Bucket, head, dumpFile, filesFile, recorded.Count - missing.Count, missing,
                Path.GetFileName(MySqlClientTools.DumpTool), Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3));
            await store.CompleteAsync(partial, manifest, cancellationToken);
            logger.LogInformation(
                "Backup {Id}: the event store to position {Head} ({DumpBytes} bytes), {Objects} objects ({FileBytes} bytes), {Missing} missing",
                id, head, dumpFile.Bytes, manifest.Objects, filesFile.Bytes, missing.Count);

            // Only after a backup succeeded: a failing backup never removes the last good ones.
            var retention = store.ApplyRetention(clock.UtcNow);
            if (retention.Deleted.Count + retention.FilesDeleted.Count > 0)
            {
                logger.LogInformation("Retention: deleted backups {Deleted}; deleted the files of {FilesDeleted}", retention.Deleted, retention.FilesDeleted);
                progress?.Report($"retention: {retention.Deleted.Count} backups deleted, the files of {retention.FilesDeleted.Count} deleted");
            }

            return manifest;
        }
        catch
        {
            BackupStore.Abandon(partial);
            throw;
        }
    }

    /// <summary>Each object into the tar (through a temporary file: a tar entry needs its length up front). A recorded object the store lacks is listed, not fatal.</summary>
    private async Task<(BackupFile File, IReadOnlyList<string> Missing)> ArchiveAsync(
        IReadOnlyList<BackedUpObject> recorded, string path, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var scratch = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                for (var i = 0; i < recorded.Count; i++)
                {
                    var item = recorded[i];
                    if (!await DownloadAsync(item.Key, scratch, cancellationToken))
                    {
                        logger.LogWarning("Object {Key} is recorded in the log but missing from the store; not in this backup", item.Key);
                        missing.Add(item.Key);
                        continue;
                    }

                    await using var data = File.OpenRead(scratch);
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, item.Key, new Dictionary<string, string> { [ContentTypeAttribute] = item.ContentType })
                    {
                        DataStream = data,
                        ModificationTime = clock.UtcNow,
                    };
                    await tar.WriteEntryAsync(entry, cancellationToken);
                    if ((i + 1) % 100 == 0)
                    {
                        progress?.Report($"files: {i + 1} of {recorded.Count}");
                    }
                }

                // TarWriter ends an archive only if it wrote an entry; an empty one still needs its two zero blocks
                // (and gzip its header), or readers fail on a 0-byte file.
                if (missing.Count == recorded.Count)
                {
                    await gzip.WriteAsync(new byte[1024], cancellationToken);
                }
            }

            return (await DescribeAsync(path, cancellationToken), missing);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private async Task<bool> DownloadAsync(string key, string target, CancellationToken cancellationToken)
    {
        // A presigned GET, as clients fetch uploads (the same path works on MinIO and on s3rver), but on the endpoint this
        // process reaches the store at, not the public one of MINIO_PUBLIC_ENDPOINT.
        var url = await storage.PresignServerGetAsync(key, cancellationToken);
        using var response = await Http.GetAsync(url.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new BackupFailedException($"Reading '{key}' from the object store failed: {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        await using var file = File.Create(target);
        await response.Content.CopyToAsync(file, cancellationToken);
        return true;
    }

    public static async Task<BackupFile> DescribeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new BackupFile(Path.GetFileName(path), stream.Length, Convert.ToHexString(hash).ToLowerInvariant());
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MB",
    };
}
