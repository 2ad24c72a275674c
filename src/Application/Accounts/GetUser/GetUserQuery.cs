using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.GetUser;

public sealed record GetUserQuery(Guid UserId, long? MinPosition) : IQuery<PublicProfileView>;

public sealed class GetUserHandler(IUserReadModel users, IReadModelConsistency consistency, IObjectStorage storage) : IQueryHandler<GetUserQuery, PublicProfileView>
{
    public async ValueTask<PublicProfileView> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var view = await ReadModelReads.ReadAsync(consistency, ReadModelSet.Users, query.MinPosition, ct => users.GetAsync(query.UserId, query.MinPosition ?? 0, ct), cancellationToken);
        return view is null
            ? throw RefusedException.NotFound("No such user.")
            : PublicProfileView.From(view, await storage.ForAsync(view.AvatarUploadId, cancellationToken));
    }
}
