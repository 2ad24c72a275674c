using Mediator;

namespace EventChat.Application.Audit.ReadEvents;

/// <summary><c>GET /api/audit/events</c>: the global log after <see cref="FromPosition"/> (exclusive), filtered.</summary>
public sealed record ReadAuditEventsQuery(long FromPosition, int Limit, AuditFilter Filter) : IQuery<AuditPage>;

public sealed class ReadAuditEventsHandler(IAuditLog log) : IQueryHandler<ReadAuditEventsQuery, AuditPage>
{
    public async ValueTask<AuditPage> Handle(ReadAuditEventsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await log.ReadAsync(query.Filter, query.FromPosition, query.Limit, cancellationToken);
    }
}
