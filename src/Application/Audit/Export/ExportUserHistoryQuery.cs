using System.Runtime.CompilerServices;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Audit.Export;

/// <summary><c>GET /api/audit/users/{id}/export</c>: one user's history for a data request.</summary>
public sealed record ExportUserHistoryQuery(Guid UserId) : IQuery<UserHistoryExport>;

/// <summary>
/// Every event by the user or about them (see <see cref="AuditFilter.UserId"/>), redacted, in log order, up to the
/// head at <see cref="ExportedAt"/>. <see cref="Events"/> is read window by window while the answer is written,
/// so an export of a long history streams instead of filling memory.
/// </summary>
public sealed record UserHistoryExport(Guid UserId, DateTimeOffset ExportedAt, long HeadPosition, IAsyncEnumerable<AuditEvent> Events);

public sealed class ExportUserHistoryHandler(IEventStore store, IAuditLog log, IClock clock) : IQueryHandler<ExportUserHistoryQuery, UserHistoryExport>
{
    private const int PageSize = 200;

    public async ValueTask<UserHistoryExport> Handle(ExportUserHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await store.GetStreamVersionAsync(new UserId(query.UserId).Stream.Id, cancellationToken) == 0)
        {
            throw RefusedException.NotFound("There is no such user.");
        }

        var head = await store.ReadHeadPositionAsync(cancellationToken);
        return new UserHistoryExport(query.UserId, clock.UtcNow, head, ReadAsync(new AuditFilter(null, query.UserId, null, null), head, CancellationToken.None));
    }

    private async IAsyncEnumerable<AuditEvent> ReadAsync(AuditFilter filter, long head, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = 0L;
        while (position < head)
        {
            var page = await log.ReadAsync(filter, position, PageSize, cancellationToken);
            foreach (var item in page.Items.Where(e => e.Position <= head))
            {
                yield return item;
            }

            if (page.NextPosition <= position)
            {
                yield break;
            }

            position = page.NextPosition;
        }
    }
}
