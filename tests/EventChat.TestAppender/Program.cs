using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.TestAppender;

/// <summary>
/// Appends three-event batches to four streams from 16 tasks, printing "ACK appendId" only after the
/// store acknowledged each one, until the test kills this process mid-batch (kill -9). A class of its
/// own, not top-level statements: the test project also sees the Api's generated Program.
/// </summary>
public static class TestAppenderProgram
{
    public static async Task Main(string[] args)
    {
        var tag = args.Length > 0 ? args[0] : throw new ArgumentException("usage: EventChat.TestAppender <tag>");
        var settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
        var registry = EventTypes.CreateRegistry().Register<CrashProbe>("test.crash-probe");
        var store = new MySqlEventStore(
            new MySqlConnectionFactory(settings.MySqlConnectionString), registry, new AppendSignal(), new EventStoreOptions(), NullLogger<MySqlEventStore>.Instance);
        var output = TextWriter.Synchronized(Console.Out);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var appendId = $"{worker}-{i}";
                var stream = new StreamName("crash", $"crash-{tag}-{worker % 4}");
                var events = Enumerable.Range(0, 3).Select(n => EventToAppend.New(new CrashProbe(appendId, n), EventMetadata.Empty)).ToArray();
                await store.AppendAsync(stream, events, ExpectedVersion.Any, CancellationToken.None);
                await output.WriteLineAsync($"ACK {appendId}");
                await output.FlushAsync();
            }
        })));
    }
}

internal sealed record CrashProbe(string AppendId, int Index);
