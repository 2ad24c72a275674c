namespace EventChat.Bench.EventStore;

/// <summary>
/// The benchmark's event, stored as <c>bench.something-happened.v1</c>: about the size of a short chat
/// message event (a ~250-byte JSON payload).
/// </summary>
public sealed record BenchSomethingHappened(int Worker, long Sequence, string Text)
{
    public const string StoredName = "bench.something-happened";

    /// <summary>A 200-character message body, the same for every event so that every row has the same size.</summary>
    public static readonly string SampleText =
        "Benchmark payload: roughly what a short chat message carries once it is wrapped in an event.".PadRight(200, '.');
}
