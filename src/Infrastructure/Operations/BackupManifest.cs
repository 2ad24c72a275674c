namespace EventChat.Infrastructure.Operations;

/// <summary>
/// <c>backup.json</c> in each backup's directory, and one item of <c>GET /api/admin/backups</c>. <see cref="HeadPosition"/>
/// is the last position of the log in the dump (the log is gap-free, so also its number of events).
/// <see cref="Files"/> is null once the archive passed its retention (the dump is kept longer).
/// </summary>
public sealed record BackupManifest(
    string Id,
    DateTimeOffset CreatedAt,
    string Database,
    string Bucket,
    long HeadPosition,
    BackupFile? DatabaseDump,
    BackupFile? Files,
    int Objects,
    IReadOnlyList<string> MissingObjects,
    string DumpTool,
    double DurationSeconds,
    DateTimeOffset? FilesDeletedAt = null);

/// <summary>One file of a backup: its name in the backup's directory, size and SHA-256 (checked by restore).</summary>
public sealed record BackupFile(string Name, long Bytes, string Sha256);
