namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// The payload of a stored event whose type this build does not know (written by a newer version, or
/// by tests). Readers skip it instead of failing, so the log can grow ahead of every reader.
/// </summary>
public sealed record UnknownEvent(string StoredName, string Json);
