using System.Globalization;

namespace EventChat.Bench.Harness;

/// <summary>
/// CPU time (user + system) a process has used so far, from /proc/{pid}/stat (Linux). CPU per operation
/// of a process the benchmark owns (the Api it started) is far steadier than throughput on a machine whose
/// cores other work shares.
/// </summary>
public static class ProcessCpu
{
    /// <summary>Clock ticks per second of /proc's times (USER_HZ, 100 on Linux's common configurations).</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Context switches of the process's live threads so far (voluntary and not, from /proc/{pid}/task/*/status). Each
    /// is a thread put to sleep or woken: unlike CPU time, their count per operation does not move with the host's
    /// speed, so it tells two builds apart where messages/s swing by a fifth from run to run. By thread id, so that a
    /// difference (<see cref="SwitchesSince"/>) counts each thread against its own earlier count.
    /// </summary>
    public static Dictionary<string, long>? ReadContextSwitches(int pid)
    {
        try
        {
            var switches = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var thread = Path.GetFileName(task);
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                            || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            switches[thread] = switches.GetValueOrDefault(thread)
                                + long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The thread ended while the list was read.
                }
            }

            return switches;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The switches between two reads: each live thread's count less its own count before (a thread started in between
    /// counts from zero). A thread that ended in between is missed, so the figure can only be low, never negative: a
    /// plain sum went below zero when a busy thread ended (a store level's "-189.5 switches/op", 2026-12-02).
    /// </summary>
    public static long SwitchesSince(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.Sum(thread => Math.Max(0, thread.Value - before.GetValueOrDefault(thread.Key)));
    }
}
