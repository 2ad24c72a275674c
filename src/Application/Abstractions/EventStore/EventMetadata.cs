namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// Who and what caused an event. Stored as JSON beside every event; the store adds the schema version.
/// </summary>
public sealed record EventMetadata(
    string? UserId,
    string? CorrelationId,
    string? CausationId,
    string? ClientIp = null,
    string? UserAgent = null)
{
    public static EventMetadata Empty { get; } = new(null, null, null);
}
