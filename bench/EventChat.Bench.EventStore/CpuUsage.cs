namespace EventChat.Bench.EventStore;

/// <summary>CPU over a measured window: seconds used by this process and by the database server, and the machine's busy fraction (all processes, all cores).</summary>
public sealed record CpuUsage(double ClientSeconds, double? ServerSeconds, double? MachineBusyFraction)
{
    public static CpuUsage None { get; } = new(0, null, null);
}
