using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Infrastructure.EventStore;

/// <summary>An append waiting for the <see cref="GroupCommitWriter"/>: its streams with their events serialized already.</summary>
public sealed class PendingAppend
{
    internal PendingAppend(PreparedStream[] streams)
    {
        Streams = streams;
        foreach (var stream in streams)
        {
            EventCount += stream.Events.Length;
            foreach (var e in stream.Events)
            {
                PayloadBytes += e.DataJson.Length + e.MetadataJson.Length;
            }
        }
    }

    internal PreparedStream[] Streams { get; }

    internal int EventCount { get; }

    internal long PayloadBytes { get; }

    internal TaskCompletionSource<MultiStreamAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>One stream of a pending append.</summary>
internal sealed record PreparedStream(StreamName Stream, ExpectedVersion ExpectedVersion, PreparedEvent[] Events);

/// <summary>An event with its stored name and its payload and metadata already serialized (on the caller's thread, not the writer's).</summary>
internal sealed record PreparedEvent(
    Guid EventId,
    string StoredName,
    int SchemaVersion,
    object Data,
    string DataJson,
    EventMetadata Metadata,
    string MetadataJson);
