namespace EventChat.Bench.Harness;

/// <summary>Several probes beside one level: started in order, stopped in order, their figures side by side.</summary>
public sealed class ProbeSet(params ILevelProbe[] probes) : ILevelProbe
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var probe in probes)
        {
            await probe.StartAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<string, double>> StopAsync(MeasuredWindow window, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, double>();
        foreach (var probe in probes)
        {
            foreach (var (name, value) in await probe.StopAsync(window, cancellationToken))
            {
                figures.Add(name, value);
            }
        }

        return figures;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var probe in probes)
        {
            await probe.DisposeAsync();
        }
    }
}
