using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Friends;
using EventChat.Projections.Engine;
using MySqlConnector;

namespace EventChat.Projections.Friends;

/// <summary>
/// <c>rm_friends</c> (one row per user per friend: remark, since, conversation) and <c>rm_blocks</c> (one row per
/// blocker and blocked user). Rows are never deleted: an ended friendship or a lifted block turns <c>active</c> off,
/// so every row remembers the last event applied to it and a replayed event changes nothing.
/// </summary>
public sealed class FriendsProjection : IMySqlProjection
{
    public const string ProjectionName = "friends";

    public string Name => ProjectionName;

    public ReadModelSet Writes => ReadModelSet.Friends;

    public IReadOnlyCollection<Type> HandledEvents { get; } =
        [typeof(FriendRequestAccepted), typeof(FriendshipEnded), typeof(FriendRemarkSet), typeof(UserBlocked), typeof(UserUnblocked)];

    public IReadOnlyList<string> Tables { get; } = ["rm_friends", "rm_blocks"];

    public async Task ApplyAsync(IReadOnlyList<StoredEvent> events, MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case FriendRequestAccepted accepted:
                    await BefriendAsync(accepted.FromUserId, accepted.ToUserId, accepted, e.Position);
                    await BefriendAsync(accepted.ToUserId, accepted.FromUserId, accepted, e.Position);
                    break;
                case FriendshipEnded ended:
                    await ExecuteAsync(
                        """
                        UPDATE rm_friends SET active = 0, remark = '', last_position = @position
                        WHERE ((user_id = @a AND friend_id = @b) OR (user_id = @b AND friend_id = @a)) AND last_position < @position
                        """,
                        new { a = Id(ended.EndedBy), b = Id(ended.OtherUserId), position = e.Position });
                    break;
                case FriendRemarkSet remark:
                    await ExecuteAsync(
                        "UPDATE rm_friends SET remark = @remark, last_position = @position WHERE user_id = @owner AND friend_id = @friend AND last_position < @position",
                        new { owner = Id(remark.OwnerId), friend = Id(remark.FriendId), remark = remark.Remark, position = e.Position });
                    break;
                case UserBlocked blocked:
                    var block = new { blocker = Id(blocked.BlockerId), blocked = Id(blocked.BlockedId), at = blocked.BlockedAt.UtcDateTime, position = e.Position };
                    await ExecuteAsync(
                        "INSERT IGNORE INTO rm_blocks (blocker_id, blocked_id, blocked_at, active, last_position) VALUES (@blocker, @blocked, @at, 1, @position)",
                        block);
                    await ExecuteAsync(
                        "UPDATE rm_blocks SET active = 1, blocked_at = @at, last_position = @position WHERE blocker_id = @blocker AND blocked_id = @blocked AND last_position < @position",
                        block);
                    break;
                case UserUnblocked unblocked:
                    await ExecuteAsync(
                        "UPDATE rm_blocks SET active = 0, last_position = @position WHERE blocker_id = @blocker AND blocked_id = @blocked AND last_position < @position",
                        new { blocker = Id(unblocked.BlockerId), blocked = Id(unblocked.BlockedId), position = e.Position });
                    break;
            }
        }

        async Task BefriendAsync(Guid userId, Guid friendId, FriendRequestAccepted accepted, long position)
        {
            var row = new
            {
                user = Id(userId),
                friend = Id(friendId),
                since = accepted.AcceptedAt.UtcDateTime,
                conversation = Id(accepted.ConversationId),
                position,
            };
            await ExecuteAsync(
                """
                INSERT IGNORE INTO rm_friends (user_id, friend_id, remark, since, conversation_id, active, last_position)
                VALUES (@user, @friend, '', @since, @conversation, 1, @position)
                """,
                row);
            await ExecuteAsync(
                """
                UPDATE rm_friends SET remark = '', since = @since, conversation_id = @conversation, active = 1, last_position = @position
                WHERE user_id = @user AND friend_id = @friend AND last_position < @position
                """,
                row);
        }

        Task<int> ExecuteAsync(string sql, object parameters) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
    }

    private static string Id(Guid id) => id.ToString("D");
}
