using EventChat.Bench.EventStore;
using EventChat.Infrastructure.Configuration;
using MySqlConnector;

// The event store benchmark (not a test). `make bench-store` runs it in Release with .env exported;
// `make bench-store BENCH_ARGS=--quick` shortens every phase. See docs/event-store.md.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
EventChatSettings settings;
try
{
    options = BenchOptions.Parse(args);
    settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"bench: {ex.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
catch (SettingsException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await new BenchRun(options, settings).RunAsync(cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("bench: cancelled");
    return 130;
}
catch (MySqlException ex)
{
    Console.Error.WriteLine($"bench: database error {ex.ErrorCode}: {ex.Message}");
    return 1;
}
