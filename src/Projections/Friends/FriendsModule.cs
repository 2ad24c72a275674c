using EventChat.Application.Friends;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Friends;

/// <summary>The read side of friends: its tables (an index per list query), its projections and its read-model port.</summary>
public sealed class FriendsModule : IFeatureModule
{
    /// <summary>Idempotent DDL (MariaDB and MySQL), in the component "friends" so that no other feature's numbering is touched.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new("friends", 1, "friend requests, friends and blocks read models",
        [
            """
            CREATE TABLE IF NOT EXISTS rm_friend_requests (
                id CHAR(36) NOT NULL,
                from_user_id CHAR(36) NOT NULL,
                to_user_id CHAR(36) NOT NULL,
                message VARCHAR(200) NOT NULL,
                status VARCHAR(16) NOT NULL,
                created_at DATETIME(6) NOT NULL,
                updated_at DATETIME(6) NOT NULL,
                last_position BIGINT NOT NULL,
                PRIMARY KEY (id),
                KEY ix_rm_friend_requests_incoming (to_user_id, status, created_at, id),
                KEY ix_rm_friend_requests_outgoing (from_user_id, status, created_at, id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE IF NOT EXISTS rm_friends (
                user_id CHAR(36) NOT NULL,
                friend_id CHAR(36) NOT NULL,
                remark VARCHAR(64) NOT NULL,
                since DATETIME(6) NOT NULL,
                conversation_id CHAR(36) NOT NULL,
                active TINYINT(1) NOT NULL,
                last_position BIGINT NOT NULL,
                PRIMARY KEY (user_id, friend_id),
                KEY ix_rm_friends_list (user_id, active, since, friend_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE IF NOT EXISTS rm_blocks (
                blocker_id CHAR(36) NOT NULL,
                blocked_id CHAR(36) NOT NULL,
                blocked_at DATETIME(6) NOT NULL,
                active TINYINT(1) NOT NULL,
                last_position BIGINT NOT NULL,
                PRIMARY KEY (blocker_id, blocked_id),
                KEY ix_rm_blocks_list (blocker_id, active, blocked_at, blocked_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
    ];

    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        foreach (var migration in Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<IMySqlProjection, FriendRequestsProjection>();
        services.AddSingleton<IMySqlProjection, FriendsProjection>();
        services.AddSingleton<IFriendReadModel, FriendReadModel>();
    }
}
