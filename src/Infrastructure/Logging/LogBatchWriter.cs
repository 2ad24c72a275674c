using Serilog.Core;
using Serilog.Events;

namespace EventChat.Infrastructure.Logging;

/// <summary>
/// Serilog's batching (<see cref="IBatchedLogEventSink"/>) in front of ordinary sinks: a batch is written line by line
/// to <paramref name="sinks"/> on the batching worker, then the console's buffer is flushed once.
/// </summary>
public sealed class LogBatchWriter(ILogEventSink sinks) : IBatchedLogEventSink, IDisposable
{
    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var logEvent in batch)
        {
            sinks.Emit(logEvent);
        }

        BufferedConsoleSink.FlushAll();
        return Task.CompletedTask;
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => (sinks as IDisposable)?.Dispose();
}
