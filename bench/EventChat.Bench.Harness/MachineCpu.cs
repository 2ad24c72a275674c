using System.Globalization;

namespace EventChat.Bench.Harness;

/// <summary>
/// The whole machine's CPU time by kind, from the first line of /proc/stat (Linux). On a virtual machine "steal" is
/// time the hypervisor gave to other guests while this one had work: a run with much of it measured a slower
/// machine, and its latencies say more about the neighbours than about the code.
/// </summary>
public sealed record MachineCpu(long User, long System, long Idle, long IoWait, long Interrupts, long Steal)
{
    private long Total => User + System + Idle + IoWait + Interrupts + Steal;

    public static MachineCpu? Read()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return new MachineCpu(fields[0] + fields[1], fields[2], fields[3], fields[4], fields[5] + fields[6], fields[7]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    public double StealPercentSince(MachineCpu before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return 100.0 * (Steal - before.Steal) / Math.Max(1, Total - before.Total);
    }

    /// <summary>How the machine's time since <paramref name="before"/> was spent, in percent of all cores: "user 54 %, system 22 %, …".</summary>
    public string SharesSince(MachineCpu before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var total = Math.Max(1, Total - before.Total);
        string Share(string kind, long now, long then) => string.Create(CultureInfo.InvariantCulture, $"{kind} {100.0 * (now - then) / total:0} %");
        return string.Join(", ", Share("user", User, before.User), Share("system", System, before.System), Share("interrupts", Interrupts, before.Interrupts),
            Share("idle", Idle + IoWait, before.Idle + before.IoWait), Share("steal", Steal, before.Steal));
    }
}
