using EventChat.Application.Abstractions;
using EventChat.Application.Common.Queries;
using Mediator;

namespace EventChat.Application.Accounts.SearchUsers;

public sealed record SearchUsersQuery(string Search, int Limit, long? MinPosition) : IQuery<SearchUsersResult>;

public sealed record SearchUsersResult(IReadOnlyList<PublicProfileView> Items);

public sealed class SearchUsersHandler(IUserReadModel users, IReadModelConsistency consistency) : IQueryHandler<SearchUsersQuery, SearchUsersResult>
{
    public async ValueTask<SearchUsersResult> Handle(SearchUsersQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = await ReadModelReads.ReadAsync(consistency, query.MinPosition, ct => users.SearchAsync(query.Search.Trim(), query.Limit, ct), cancellationToken);
        return new SearchUsersResult(found.Select(PublicProfileView.From).ToArray());
    }
}
