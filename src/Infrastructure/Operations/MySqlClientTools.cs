using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// The MySQL/MariaDB command-line client and dump tool (mariadb-dump / mariadb on MariaDB machines, mysqldump / mysql
/// elsewhere; the Api image installs the MariaDB client). The password goes through <c>MYSQL_PWD</c>, never the
/// command line (which any user of the machine can read in the process list).
/// </summary>
public static partial class MySqlClientTools
{
    /// <summary>The event store's tables. The read models are not backed up: restore rebuilds them from the log.</summary>
    public static readonly IReadOnlyList<string> EventStoreTables = ["es_log_head", "es_streams", "es_events"];

    public static string DumpTool => Find("mariadb-dump", "mysqldump");

    public static string ClientTool => Find("mariadb", "mysql");

    /// <summary>
    /// Dumps the event store's rows (<c>--single-transaction</c>: one consistent snapshot, no table locks; data only, as
    /// REPLACE, binary ids in hex) through gzip into <paramref name="output"/>. Returns the log's head in the dump.
    /// </summary>
    public static async Task<long> DumpEventStoreAsync(BackupOptions options, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string[] arguments =
        [
            "--no-defaults", $"--host={options.DbHost}", $"--port={options.DbPort}", $"--user={options.DbUser}", "--protocol=TCP",
            "--single-transaction", "--quick", "--no-create-info", "--skip-triggers", "--hex-blob", "--replace",
            "--skip-add-locks", "--skip-disable-keys", "--no-tablespaces", "--default-character-set=utf8mb4",
            options.DbName, .. EventStoreTables,
        ];
        using var process = Start(DumpTool, arguments, options.DbPassword, redirectInput: false);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        long head = -1;

        // mysqldump writes `REPLACE INTO t VALUES (1,42);` on one line, mariadb-dump 10.11 puts each row on a line of its own.
        var inHeadRow = false;
        await using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        await using (var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16))
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                inHeadRow |= line.StartsWith("REPLACE INTO `es_log_head`", StringComparison.Ordinal);
                if (inHeadRow)
                {
                    if (HeadRow().Match(line) is { Success: true } match)
                    {
                        head = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    }

                    inHeadRow = !line.EndsWith(';');
                }

                await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new BackupFailedException($"{Path.GetFileName(DumpTool)} exited with {process.ExitCode}: {(await errors).Trim()}");
        }

        return head >= 0 ? head : throw new BackupFailedException("The dump holds no es_log_head row: is the event store migrated in " + options.DbName + "?");
    }

    /// <summary>Runs a gzip-compressed SQL dump into the database.</summary>
    public static async Task LoadAsync(BackupOptions options, string gzipPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string[] arguments =
        [
            "--no-defaults", $"--host={options.DbHost}", $"--port={options.DbPort}", $"--user={options.DbUser}", "--protocol=TCP",
            "--default-character-set=utf8mb4", $"--database={options.DbName}",
        ];
        using var process = Start(ClientTool, arguments, options.DbPassword, redirectInput: true);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await using var file = File.OpenRead(gzipPath);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await gzip.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
        }
        catch (IOException)
        {
            // The client closed its input early (it failed): its exit code and message below say why.
        }
        finally
        {
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(cancellationToken);
        await output;
        if (process.ExitCode != 0)
        {
            throw new BackupFailedException($"{Path.GetFileName(ClientTool)} exited with {process.ExitCode}: {(await errors).Trim()}");
        }
    }

    private static Process Start(string tool, IEnumerable<string> arguments, string password, bool redirectInput)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MYSQL_PWD"] = password;
        return Process.Start(start) ?? throw new BackupFailedException($"{tool} did not start");
    }

    private static string Find(params string[] tools)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var tool in tools)
        {
            foreach (var directory in path.Split(Path.PathSeparator).Append("/usr/bin"))
            {
                var candidate = Path.Combine(directory, tool);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new BackupFailedException($"None of {string.Join(", ", tools)} is installed (Debian: apt-get install mariadb-client).");
    }

    [GeneratedRegex(@"\(1,(\d+)\)")]
    private static partial Regex HeadRow();
}

/// <summary>A backup or restore step that failed (a tool's exit code, a missing file): the message says which and why.</summary>
public sealed class BackupFailedException(string message) : Exception(message);
