using EventChat.Infrastructure.Redis;
using StackExchange.Redis;

namespace EventChat.Infrastructure.Realtime;

/// <summary>The multiplexers the backplane opened (through its connection factory), so that a failed shutdown can still close them.</summary>
public sealed class BackplaneConnections
{
    private readonly List<IConnectionMultiplexer> _opened = [];
    private readonly Lock _gate = new();

    public async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration, TextWriter log)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration.OnThreadPool(), log).ConfigureAwait(false);
        lock (_gate)
        {
            _opened.Add(multiplexer);
        }

        return multiplexer;
    }

    public void CloseAll()
    {
        IConnectionMultiplexer[] opened;
        lock (_gate)
        {
            opened = [.. _opened];
            _opened.Clear();
        }

        foreach (var multiplexer in opened)
        {
            // Close(allowCommandsToComplete: false) does not wait on the server that just failed to answer.
            multiplexer.Close(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }
    }
}
