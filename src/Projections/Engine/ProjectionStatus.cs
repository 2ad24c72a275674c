namespace EventChat.Projections.Engine;

/// <summary>A projection as any process sees it: its checkpoint, the log head, the lag between them.</summary>
public sealed record ProjectionStatus(
    string Name,
    long Position,
    long HeadPosition,
    long Lag,
    string Status,
    string? Owner,
    string? LastError,
    DateTimeOffset UpdatedAt);
