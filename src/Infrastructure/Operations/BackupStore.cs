using System.Globalization;
using System.Text.Json;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// The backup directory: one folder per backup, named by its id (<c>20261201T020000Z-1a2b</c>), holding
/// <c>events.sql.gz</c>, <c>files.tar.gz</c> and <c>backup.json</c>. A backup is written under <c>{id}.partial</c> and
/// renamed when complete, so a crash never leaves something that looks like a backup.
/// </summary>
public sealed class BackupStore(BackupOptions options)
{
    public const string ManifestName = "backup.json";
    public const string DumpName = "events.sql.gz";
    public const string FilesName = "files.tar.gz";
    private const string PartialSuffix = ".partial";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Root => options.Directory;

    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..4];

    /// <summary>A fresh directory for a backup being written.</summary>
    public string BeginPartial(string id)
    {
        var path = Path.Combine(Root, id + PartialSuffix);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes the manifest and renames the partial directory to the backup's id: from here on it is listed.</summary>
    public async Task<string> CompleteAsync(string partialPath, BackupManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await WriteManifestAsync(partialPath, manifest, cancellationToken);
        var final = Path.Combine(Root, manifest.Id);
        Directory.Move(partialPath, final);
        return final;
    }

    public static void Abandon(string partialPath)
    {
        if (Directory.Exists(partialPath))
        {
            Directory.Delete(partialPath, recursive: true);
        }
    }

    /// <summary>Every complete backup, newest first.</summary>
    public IReadOnlyList<BackupManifest> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(Root)
            .Where(d => !d.EndsWith(PartialSuffix, StringComparison.Ordinal))
            .Select(d => Read(d))
            .OfType<BackupManifest>()
            .OrderByDescending(m => m.CreatedAt)
            .ToArray();
    }

    /// <summary>A backup by id (a folder of the backup directory) or by the path of its folder.</summary>
    public (string Path, BackupManifest Manifest)? Find(string idOrPath)
    {
        ArgumentNullException.ThrowIfNull(idOrPath);
        var candidates = new[] { idOrPath, Path.Combine(Root, idOrPath) };
        foreach (var candidate in candidates)
        {
            if (Directory.Exists(candidate) && Read(candidate) is { } manifest)
            {
                return (Path.GetFullPath(candidate), manifest);
            }
        }

        return null;
    }

    /// <summary>
    /// Deletes what passed its retention: a whole backup once its dump is older than the database retention, the files
    /// archive alone once older than the files retention. Age is counted from the backup's creation; a backup younger
    /// than the retention is never touched.
    /// </summary>
    public RetentionReport ApplyRetention(DateTimeOffset now)
    {
        var deleted = new List<string>();
        var filesDeleted = new List<string>();
        foreach (var manifest in List())
        {
            var age = now - manifest.CreatedAt;
            var path = Path.Combine(Root, manifest.Id);
            if (age > options.DatabaseRetention)
            {
                Directory.Delete(path, recursive: true);
                deleted.Add(manifest.Id);
            }
            else if (age > options.FilesRetention && manifest.Files is not null)
            {
                File.Delete(Path.Combine(path, manifest.Files.Name));
                WriteManifest(path, manifest with { Files = null, FilesDeletedAt = now });
                filesDeleted.Add(manifest.Id);
            }
        }

        return new RetentionReport(deleted, filesDeleted);
    }

    public static async Task WriteManifestAsync(string directory, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(directory, ManifestName + ".tmp");
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, manifest, Json, cancellationToken);
        }

        File.Move(temporary, Path.Combine(directory, ManifestName), overwrite: true);
    }

    private static void WriteManifest(string directory, BackupManifest manifest)
    {
        var temporary = Path.Combine(directory, ManifestName + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(manifest, Json));
        File.Move(temporary, Path.Combine(directory, ManifestName), overwrite: true);
    }

    private static BackupManifest? Read(string directory)
    {
        var path = Path.Combine(directory, ManifestName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // A manifest someone edited by hand: not a backup this code can restore, so not listed.
            return null;
        }
    }
}

public sealed record RetentionReport(IReadOnlyList<string> Deleted, IReadOnlyList<string> FilesDeleted);
