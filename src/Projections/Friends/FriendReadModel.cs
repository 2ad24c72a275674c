using Dapper;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Application.Accounts;
using EventChat.Application.Friends;
using EventChat.Projections.ReadModels;
using MySqlConnector;

namespace EventChat.Projections.Friends;

/// <summary>
/// The friends read models through Dapper on the read-only pool. Every list is newest first with a keyset cursor
/// (time, id), each served by its own index (<see cref="FriendsModule.Migrations"/>); names come from <c>rm_users</c>
/// at read time, so a nickname change shows at once and the friends projection reads no other table.
/// </summary>
public sealed class FriendReadModel(ReadModelDbContextFactory contexts, IObjectStorage storage) : IFriendReadModel
{
    private const string RequestColumns = "id, from_user_id, to_user_id, message, status, created_at";

    public async Task<FriendRequestView?> FindRequestAsync(Guid requestId, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = await connection.QueryAsync<(Guid, Guid, Guid, string, string, DateTime)>(new CommandDefinition(
            $"SELECT {RequestColumns} FROM rm_friend_requests WHERE id = @id",
            new { id = requestId.ToString("D") },
            cancellationToken: cancellationToken));
        return rows.Select(ToRequest).FirstOrDefault();
    }

    public async Task<IReadOnlyList<FriendRequestView>> ListRequestsAsync(
        Guid userId, bool incoming, string status, ListCursor? after, int limit, CancellationToken cancellationToken)
    {
        var owner = incoming ? "to_user_id" : "from_user_id";
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = await connection.QueryAsync<(Guid, Guid, Guid, string, string, DateTime)>(new CommandDefinition(
            $"""
            SELECT {RequestColumns} FROM rm_friend_requests
            WHERE {owner} = @user AND status = @status {After("created_at", "id", after)}
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """,
            Parameters(new { user = userId.ToString("D"), status, limit }, after),
            cancellationToken: cancellationToken));
        return rows.Select(ToRequest).ToArray();
    }

    public async Task<IReadOnlyList<FriendView>> ListFriendsAsync(Guid userId, ListCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = await connection.QueryAsync<(Guid FriendId, string? Username, string? Nickname, Guid? AvatarUploadId, string Remark, DateTime Since, Guid ConversationId)>(new CommandDefinition(
            $"""
            SELECT f.friend_id, u.username, u.nickname, u.avatar_upload_id, f.remark, f.since, f.conversation_id
            FROM rm_friends f LEFT JOIN rm_users u ON u.id = f.friend_id
            WHERE f.user_id = @user AND f.active = 1 {After("f.since", "f.friend_id", after)}
            ORDER BY f.since DESC, f.friend_id DESC
            LIMIT @limit
            """,
            Parameters(new { user = userId.ToString("D"), limit }, after),
            cancellationToken: cancellationToken));
        var friends = new List<FriendView>();
        foreach (var r in rows)
        {
            friends.Add(new FriendView(
                r.FriendId, r.Username ?? string.Empty, r.Nickname ?? string.Empty, await storage.ForAsync(r.AvatarUploadId, cancellationToken),
                r.Remark.Length == 0 ? null : r.Remark, Utc(r.Since), r.ConversationId));
        }

        return friends;
    }

    public async Task<IReadOnlyList<BlockedUserView>> ListBlocksAsync(Guid userId, ListCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(contexts.ReadOnlyConnectionString);
        var rows = await connection.QueryAsync<(Guid BlockedId, string? Username, string? Nickname, Guid? AvatarUploadId, DateTime BlockedAt)>(new CommandDefinition(
            $"""
            SELECT b.blocked_id, u.username, u.nickname, u.avatar_upload_id, b.blocked_at
            FROM rm_blocks b LEFT JOIN rm_users u ON u.id = b.blocked_id
            WHERE b.blocker_id = @user AND b.active = 1 {After("b.blocked_at", "b.blocked_id", after)}
            ORDER BY b.blocked_at DESC, b.blocked_id DESC
            LIMIT @limit
            """,
            Parameters(new { user = userId.ToString("D"), limit }, after),
            cancellationToken: cancellationToken));
        var blocked = new List<BlockedUserView>();
        foreach (var r in rows)
        {
            blocked.Add(new BlockedUserView(r.BlockedId, r.Username ?? string.Empty, r.Nickname ?? string.Empty, await storage.ForAsync(r.AvatarUploadId, cancellationToken), Utc(r.BlockedAt)));
        }

        return blocked;
    }

    /// <summary>Keyset condition: rows strictly after the cursor in (time DESC, id DESC) order.</summary>
    private static string After(string time, string id, ListCursor? after) =>
        after is null ? string.Empty : $"AND ({time} < @afterAt OR ({time} = @afterAt AND {id} < @afterId))";

    private static DynamicParameters Parameters(object values, ListCursor? after)
    {
        var parameters = new DynamicParameters(values);
        if (after is { } cursor)
        {
            parameters.Add("afterAt", cursor.At.UtcDateTime);
            parameters.Add("afterId", cursor.Id.ToString("D"));
        }

        return parameters;
    }

    private static FriendRequestView ToRequest((Guid Id, Guid From, Guid To, string Message, string Status, DateTime CreatedAt) row) =>
        new(row.Id, row.From, row.To, row.Message, row.Status, Utc(row.CreatedAt));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
