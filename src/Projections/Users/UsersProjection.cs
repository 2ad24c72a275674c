using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Users;
using EventChat.Projections.Engine;
using EventChat.Projections.ReadModels;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace EventChat.Projections.Users;

/// <summary>
/// Builds <c>rm_users</c> from the user streams. A batch loads every row it touches in one query,
/// applies the events in memory and saves once, inside the engine's transaction.
/// </summary>
public sealed class UsersProjection(ReadModelDbContextFactory contexts) : IMySqlProjection
{
    public const string ProjectionName = "users";

    public string Name => ProjectionName;

    public IReadOnlyCollection<Type> HandledEvents { get; } = [typeof(UserRegistered), typeof(UserProfileChanged), typeof(UserRolesChanged)];

    public IReadOnlyList<string> Tables { get; } = ["rm_users"];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        // The engine passes only HandledEvents; a direct caller (a benchmark, a test) may pass the whole log.
        var relevant = events.Where(e => e.Data is UserRegistered or UserProfileChanged or UserRolesChanged).ToArray();
        if (relevant.Length == 0)
        {
            return;
        }

        await using var db = await contexts.ForBatchAsync(connection, transaction, cancellationToken);
        var ids = relevant.Select(e => UserIdOf(e.Data)).Distinct().ToArray();
        var rows = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);

        foreach (var e in relevant)
        {
            var id = UserIdOf(e.Data);
            rows.TryGetValue(id, out var row);
            if (row is not null && row.LastPosition >= e.Position)
            {
                continue;
            }

            switch (e.Data)
            {
                case UserRegistered registered when row is null:
                    row = new UserRow
                    {
                        Id = registered.UserId,
                        Username = registered.Username,
                        Email = registered.Email,
                        Nickname = registered.Nickname,
                        Bio = string.Empty,
                        Roles = Roles.User,
                        CreatedAt = registered.RegisteredAt.UtcDateTime,
                        UpdatedAt = registered.RegisteredAt.UtcDateTime,
                    };
                    db.Users.Add(row);
                    rows[id] = row;
                    break;
                case UserProfileChanged changed when row is not null:
                    row.Nickname = changed.Nickname ?? row.Nickname;
                    row.Bio = changed.Bio ?? row.Bio;
                    row.AvatarUploadId = changed.AvatarUploadId ?? row.AvatarUploadId;
                    row.UpdatedAt = changed.ChangedAt.UtcDateTime;
                    break;
                case UserRolesChanged roles when row is not null:
                    row.Roles = string.Join(',', roles.Roles);
                    row.UpdatedAt = roles.ChangedAt.UtcDateTime;
                    break;
                default:
                    continue;
            }

            row.LastPosition = e.Position;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static Guid UserIdOf(object data) => data switch
    {
        UserRegistered e => e.UserId,
        UserProfileChanged e => e.UserId,
        UserRolesChanged e => e.UserId,
        _ => throw new ArgumentOutOfRangeException(nameof(data), data.GetType().Name, "Not a user event."),
    };
}
