using EventChat.Application.Abstractions;
using EventChat.Domain.Accounts;
using EventChat.Projections.ReadModels;

namespace EventChat.Projections.Accounts;

/// <summary>Builds <c>rm_users</c> from the user streams: one <c>On</c> per event.</summary>
public sealed class UsersProjection : RowProjection<UserRow>
{
    public const string ProjectionName = "users";

    private readonly UserRowCache _cache;

    public UsersProjection(ReadModelDbContextFactory contexts, UserRowCache cache)
        : base(contexts)
    {
        _cache = cache;
        On<UserRegistered>(e => e.UserId, (row, e) => row ?? new UserRow
        {
            Id = e.UserId,
            Username = e.Username,
            Email = e.Email,
            Nickname = e.Nickname,
            Bio = string.Empty,
            Roles = Roles.User,
            CreatedAt = e.RegisteredAt.UtcDateTime,
            UpdatedAt = e.RegisteredAt.UtcDateTime,
        });

        On<UserProfileChanged>(e => e.UserId, (row, e) =>
        {
            if (row is null)
            {
                return null;
            }

            row.Nickname = e.Nickname ?? row.Nickname;
            row.Bio = e.Bio ?? row.Bio;
            row.AvatarUploadId = e.AvatarUploadId ?? row.AvatarUploadId;
            row.UpdatedAt = e.ChangedAt.UtcDateTime;
            return row;
        });

        On<UserRolesChanged>(e => e.UserId, (row, e) =>
        {
            if (row is null)
            {
                return null;
            }

            row.Roles = string.Join(',', e.Roles);
            row.UpdatedAt = e.ChangedAt.UtcDateTime;
            return row;
        });
    }

    public override string Name => ProjectionName;

    public override ReadModelSet Writes => ReadModelSet.Users;

    /// <summary>A changed row must not be served from the cache (entries read before the commit are fenced by their position).</summary>
    protected override void RowsChanged(IReadOnlyCollection<Guid> ids) => _cache.Forget(ids);

    public override IReadOnlyList<string> Tables { get; } = ["rm_users"];
}
