using System.Diagnostics;
using System.Globalization;
using System.Net;
using MySqlConnector;

namespace EventChat.Bench.EventStore;

/// <summary>
/// CPU time at one instant: the whole machine (Linux <c>/proc/stat</c>), this process, and the database
/// server's process when it runs on this machine (<c>/proc/PID/stat</c>, PID from <c>@@pid_file</c>).
/// Deltas tell how much CPU one operation costs on each side, and how busy the machine was (other
/// processes included). Fields are null where the platform does not expose them.
/// </summary>
public sealed record CpuSample(long? MachineBusyTicks, long? MachineTotalTicks, TimeSpan Client, long? ServerTicks)
{
    /// <summary>USER_HZ: the unit of /proc CPU times on every mainstream Linux build.</summary>
    private const double TicksPerSecond = 100;

    public static CpuSample Take(int? serverPid)
    {
        long? busy = null, total = null, server = null;
        try
        {
            // cpu  user nice system idle iowait irq softirq steal ...
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            total = fields.Take(8).Sum();
            busy = total - fields[3] - fields[4];
            if (serverPid is { } pid)
            {
                // Field 2 (comm) is in parentheses; utime and stime are fields 14 and 15.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                server = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or the server is not a local process: leave those figures out.
        }

        using var self = Process.GetCurrentProcess();
        return new CpuSample(busy, total, self.TotalProcessorTime, server);
    }

    /// <summary>The database server's PID when it runs on this machine and says where its pid file is.</summary>
    public static async Task<int?> FindServerPidAsync(BenchDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var host = new MySqlConnectionStringBuilder(database.ConnectionString).Server;
        if (host != "localhost" && !(IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
        {
            return null;
        }

        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = new MySqlCommand("SELECT @@pid_file", connection);
            var pidFile = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(pidFile) || !File.Exists(pidFile))
            {
                return null;
            }

            var pid = int.Parse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture);
            return File.Exists($"/proc/{pid}/stat") ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or MySqlException)
        {
            return null;
        }
    }

    public CpuUsage Since(CpuSample earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        double? machineBusy = null;
        if (MachineTotalTicks is { } total && earlier.MachineTotalTicks is { } earlierTotal && total > earlierTotal
            && MachineBusyTicks is { } busy && earlier.MachineBusyTicks is { } earlierBusy)
        {
            machineBusy = (double)(busy - earlierBusy) / (total - earlierTotal);
        }

        double? server = ServerTicks is { } now && earlier.ServerTicks is { } then ? (now - then) / TicksPerSecond : null;
        return new CpuUsage((Client - earlier.Client).TotalSeconds, server, machineBusy);
    }
}
