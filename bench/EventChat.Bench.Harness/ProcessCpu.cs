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
}
