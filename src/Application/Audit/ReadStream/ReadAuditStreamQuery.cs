using Mediator;

namespace EventChat.Application.Audit.ReadStream;

/// <summary><c>GET /api/audit/streams/{streamId}</c>: one stream's events, by version.</summary>
public sealed record ReadAuditStreamQuery(string StreamId, long FromVersion, long? ToVersion, int Limit) : IQuery<AuditStream>;

public sealed record AuditStream(string StreamId, IReadOnlyList<AuditEvent> Items);

public sealed class ReadAuditStreamHandler(IAuditLog log) : IQueryHandler<ReadAuditStreamQuery, AuditStream>
{
    public async ValueTask<AuditStream> Handle(ReadAuditStreamQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new AuditStream(query.StreamId, await log.ReadStreamAsync(query.StreamId, query.FromVersion, query.ToVersion, query.Limit, cancellationToken));
    }
}
