using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace EventChat.Infrastructure.Logging;

/// <summary>
/// Standard output, buffered: lines collect in memory and go out in one write per batch (<see cref="FlushAll"/>),
/// where Console writes each line with a system call of its own. Only <see cref="LogBatchWriter"/>'s worker writes
/// here; the buffer is shared by every host of the process (tests run several), under a lock.
/// </summary>
public sealed class BufferedConsoleSink(ITextFormatter formatter) : ILogEventSink
{
    private static readonly Lock Gate = new();
    private static readonly StreamWriter Output = new(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024) { AutoFlush = false };

    public void Emit(LogEvent logEvent)
    {
        lock (Gate)
        {
            formatter.Format(logEvent, Output);
        }
    }

    /// <summary>Writes out what the process's console sinks hold.</summary>
    public static void FlushAll()
    {
        lock (Gate)
        {
            Output.Flush();
        }
    }
}
