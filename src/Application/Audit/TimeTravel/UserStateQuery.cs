using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using Mediator;

namespace EventChat.Application.Audit.TimeTravel;

/// <summary><c>GET /api/audit/users/{id}/state</c>: the account as it stood then.</summary>
public sealed record UserStateQuery(Guid UserId, AuditInstant Instant) : IQuery<UserState>;

/// <summary>An account as it stood at <see cref="AsOf"/>. The password hash is never part of it; its scheme is.</summary>
public sealed record UserState(
    Guid Id,
    string Username,
    string Email,
    string Nickname,
    string Bio,
    Guid? AvatarUploadId,
    IReadOnlyList<string> Roles,
    string PasswordScheme,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    DateTimeOffset AsOf);

public sealed class UserStateHandler(IEventStore store) : IQueryHandler<UserStateQuery, UserState>
{
    public async ValueTask<UserState> Handle(UserStateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var folded = await query.Instant.FoldAsync(
            store, new UserId(query.UserId).Stream.Id, User.Initial, User.Evolve, "There is no such user at that time.", cancellationToken);
        var user = folded.State;
        return new UserState(
            user.Id, user.Username, user.Email, user.Nickname, user.Bio, user.AvatarUploadId, user.Roles, user.PasswordScheme,
            user.CreatedAt, user.UpdatedAt, folded.Version, folded.AsOf);
    }
}
