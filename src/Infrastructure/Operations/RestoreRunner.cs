using System.Formats.Tar;
using System.IO.Compression;
using Dapper;
using EventChat.Application.Abstractions.ObjectStorage;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// The storage half of a restore: checks that the target database is empty (creating it when missing), loads the dump
/// into the migrated event store tables, and puts the archived objects back into the bucket. The projections half
/// (rebuilding every read model from the restored log) is the restore command's, in the projections project.
/// </summary>
public sealed class RestoreRunner(BackupOptions options, IObjectStorage storage, ILogger<RestoreRunner> logger)
{
    /// <summary>Refuses a database that holds any table: a restore never merges into or overwrites data.</summary>
    public async Task EnsureEmptyDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(options.ServerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE DATABASE IF NOT EXISTS `{options.DbName}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cancellationToken: cancellationToken));
        var tables = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @db", new { db = options.DbName }, cancellationToken: cancellationToken));
        if (tables > 0)
        {
            throw new BackupFailedException(
                $"Database '{options.DbName}' is not empty ({tables} tables). Restore needs an empty one: drop and create it first (docs/operations.md, Restore).");
        }
    }

    /// <summary>Loads the dump (after the migrations made the tables) and returns the restored head of the log.</summary>
    public async Task<long> LoadDatabaseAsync(string backupPath, BackupManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var dump = manifest.DatabaseDump ?? throw new BackupFailedException($"Backup {manifest.Id} has no database dump.");
        var path = Path.Combine(backupPath, dump.Name);
        await VerifyAsync(path, dump, cancellationToken);
        await MySqlClientTools.LoadAsync(options, path, cancellationToken);

        await using var connection = new MySqlConnection(options.ServerConnectionString);
        await connection.OpenAsync(cancellationToken);
        var head = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT position FROM `{options.DbName}`.es_log_head WHERE id = 1", cancellationToken: cancellationToken));
        if (head != manifest.HeadPosition)
        {
            throw new BackupFailedException($"The restored log ends at {head}, the backup's manifest says {manifest.HeadPosition}.");
        }

        return head;
    }

    /// <summary>Puts every archived object back under its key; returns how many. A backup whose files passed their retention restores none.</summary>
    public async Task<int> RestoreFilesAsync(string backupPath, BackupManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Files is null)
        {
            logger.LogWarning("Backup {Id} has no files archive (deleted {At} by retention): objects are not restored", manifest.Id, manifest.FilesDeletedAt);
            return 0;
        }

        var path = Path.Combine(backupPath, manifest.Files.Name);
        await VerifyAsync(path, manifest.Files, cancellationToken);
        var restored = 0;
        await using var file = File.OpenRead(path);
        if (file.Length == 0)
        {
            // An empty archive written before empty ones got their end blocks: no objects to restore.
            return 0;
        }

        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType != TarEntryType.RegularFile || entry.DataStream is null)
            {
                continue;
            }

            var contentType = entry is PaxTarEntry pax && pax.ExtendedAttributes.TryGetValue(BackupRunner.ContentTypeAttribute, out var type)
                ? type
                : "application/octet-stream";
            await storage.PutAsync(entry.Name, entry.DataStream, entry.Length, contentType, cancellationToken);
            restored++;
        }

        return restored;
    }

    private static async Task VerifyAsync(string path, BackupFile expected, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new BackupFailedException($"{path} is missing.");
        }

        var actual = await BackupRunner.DescribeAsync(path, cancellationToken);
        if (actual.Sha256 != expected.Sha256)
        {
            throw new BackupFailedException($"{path} does not match its manifest (SHA-256 {actual.Sha256}, expected {expected.Sha256}): damaged or replaced.");
        }
    }
}
