using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Common.Queries;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Application.Accounts.GetMe;

public sealed record GetMeQuery(long? MinPosition) : IQuery<MyProfileView>;

public sealed class GetMeHandler(IUserReadModel users, ICurrentUser caller, IReadModelConsistency consistency, IObjectStorage storage) : IQueryHandler<GetMeQuery, MyProfileView>
{
    public async ValueTask<MyProfileView> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var userId = caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
        var view = await ReadModelReads.ReadAsync(consistency, ReadModelSet.Users, query.MinPosition, ct => users.GetAsync(userId, query.MinPosition ?? 0, ct), cancellationToken);
        return view is null
            ? throw RefusedException.NotFound("Your account does not exist any more.")
            : MyProfileView.From(view, await storage.ForAsync(view.AvatarUploadId, cancellationToken));
    }
}
