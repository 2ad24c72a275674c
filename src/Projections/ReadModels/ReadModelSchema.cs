using EventChat.Infrastructure.EventStore;

namespace EventChat.Projections.ReadModels;

/// <summary>DDL of the MySQL read models, applied at start by the schema migrator.</summary>
public static class ReadModelSchema
{
    public const string Component = "read-models";

    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(Component, 1, "users read model",
        [
            """
            CREATE TABLE IF NOT EXISTS rm_users (
                id CHAR(36) NOT NULL,
                username VARCHAR(32) NOT NULL,
                email VARCHAR(254) NOT NULL,
                nickname VARCHAR(64) NOT NULL,
                bio VARCHAR(500) NOT NULL,
                avatar_upload_id CHAR(36) NULL,
                roles VARCHAR(100) NOT NULL,
                created_at DATETIME(6) NOT NULL,
                updated_at DATETIME(6) NOT NULL,
                last_position BIGINT NOT NULL,
                PRIMARY KEY (id),
                KEY ix_rm_users_username (username),
                KEY ix_rm_users_nickname (nickname)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
        new(Component, 2, "ended sessions (access tokens of an ended session are refused)",
        [
            """
            CREATE TABLE IF NOT EXISTS rm_ended_sessions (
                session_id CHAR(36) NOT NULL,
                reason VARCHAR(40) NOT NULL,
                ended_at DATETIME(6) NOT NULL,
                last_position BIGINT NOT NULL,
                PRIMARY KEY (session_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
    ];
}
