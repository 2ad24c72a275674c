namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// The payload of a stored event of a known type that this build cannot read: a malformed payload,
/// a schema version newer than this build (during a rolling deploy), or a missing upcaster. Global
/// log readers get this instead of an exception, so one bad event never stops a page; a projection
/// that handles <see cref="EventName"/> parks it (see docs/event-store.md).
/// </summary>
public sealed record UnreadableEvent(string StoredName, string EventName, string Json, string Error);
