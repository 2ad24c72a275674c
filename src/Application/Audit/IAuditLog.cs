using System.Text.Json.Nodes;

namespace EventChat.Application.Audit;

/// <summary>
/// The event log as auditors see it: every event with its metadata, its payload upcast to the current shape and
/// redacted (fields declared <c>[Secret]</c> never leave), paged by position.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Events after <paramref name="afterPosition"/> that match <paramref name="filter"/>, at most
    /// <paramref name="limit"/>. A filtered page scans a bounded window of positions, so it may hold fewer than
    /// <paramref name="limit"/> events before the head: keep reading from <see cref="AuditPage.NextPosition"/>
    /// until it reaches <see cref="AuditPage.HeadPosition"/>.
    /// </summary>
    Task<AuditPage> ReadAsync(AuditFilter filter, long afterPosition, int limit, CancellationToken cancellationToken);

    /// <summary>One stream's events with versions in [<paramref name="fromVersion"/>, <paramref name="toVersion"/>].</summary>
    Task<IReadOnlyList<AuditEvent>> ReadStreamAsync(string streamId, long fromVersion, long? toVersion, int limit, CancellationToken cancellationToken);

    /// <summary>The highest version of a stream written at or before <paramref name="at"/> (0: none).</summary>
    Task<long> VersionAtAsync(string streamId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What a page of the audit log is narrowed to; every part is optional.</summary>
/// <param name="StreamType">The streams' type (<c>user</c>, <c>conversation</c>, <c>conversation-messages</c>, <c>friendship</c> …).</param>
/// <param name="UserId">Events by the user (metadata) or about them (their own streams, a <c>userId</c> in the payload).</param>
/// <param name="From">Written at or after this instant.</param>
/// <param name="To">Written before this instant.</param>
public sealed record AuditFilter(string? StreamType, Guid? UserId, DateTimeOffset? From, DateTimeOffset? To)
{
    public static AuditFilter None { get; } = new(null, null, null, null);
}

public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, long NextPosition, long HeadPosition);

/// <summary>
/// An event for auditors. <see cref="Type"/> is the stable name and <see cref="Version"/> the version of the shape
/// <see cref="Data"/> has (the current one: older rows are upcast); <see cref="AuditMetadata.SchemaVersion"/> is the
/// version the row was written at. <see cref="Data"/> is null for an event this build cannot read (<see cref="Unreadable"/> says why).
/// </summary>
public sealed record AuditEvent(
    long Position,
    Guid EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int Version,
    JsonObject? Data,
    AuditMetadata Metadata,
    DateTimeOffset Timestamp,
    string? Unreadable = null);

public sealed record AuditMetadata(string? UserId, string? CorrelationId, string? CausationId, string? ClientIp, string? UserAgent, int SchemaVersion);
