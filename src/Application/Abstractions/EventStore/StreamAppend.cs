using EventChat.Domain.Common;

namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// One stream's part of an append: its events and the version the writer folded. An entry with no
/// events is a condition only: the whole append fails unless that stream is still at
/// <paramref name="ExpectedVersion"/> (for example, "the sender is still a member").
/// </summary>
public sealed record StreamAppend(StreamName Stream, ExpectedVersion ExpectedVersion, IReadOnlyList<EventToAppend> Events);
