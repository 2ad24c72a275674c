using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Queries;
using Mediator;

namespace EventChat.Application.Accounts.SearchUsers;

public sealed record SearchUsersQuery(string Search, int Limit, long? MinPosition) : IQuery<SearchUsersResult>;

public sealed record SearchUsersResult(IReadOnlyList<PublicProfileView> Items);

public sealed class SearchUsersHandler(IUserReadModel users, IReadModelConsistency consistency, IObjectStorage storage) : IQueryHandler<SearchUsersQuery, SearchUsersResult>
{
    public async ValueTask<SearchUsersResult> Handle(SearchUsersQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = await ReadModelReads.ReadAsync(consistency, ReadModelSet.Users, query.MinPosition, ct => users.SearchAsync(query.Search.Trim(), query.Limit, ct), cancellationToken);
        var items = new List<PublicProfileView>(found.Count);
        foreach (var view in found)
        {
            items.Add(PublicProfileView.From(view, await storage.ForAsync(view.AvatarUploadId, cancellationToken)));
        }

        return new SearchUsersResult(items);
    }
}
