using EventChat.Application.Accounts;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Accounts;

/// <summary>The read side of accounts: its tables, its projections and the read-model ports it implements.</summary>
public sealed class AccountsModule : IFeatureModule
{
    /// <summary>
    /// Idempotent DDL (runs on MariaDB and MySQL); applied at start by the schema migrator. Component
    /// "read-models" is where these tables were first created, so databases that have them skip nothing.
    /// </summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new("read-models", 1, "users read model",
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
        new("read-models", 2, "ended sessions (access tokens of an ended session are refused)",
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
        new("read-models", 3, "ended sessions: read by time at start and by position after (SessionRevocations)",
        [
            new SchemaStatement(
                "CREATE INDEX ix_rm_ended_sessions_position ON rm_ended_sessions (last_position)",
                SchemaStatement.IndexMissing("rm_ended_sessions", "ix_rm_ended_sessions_position")),
            new SchemaStatement(
                "CREATE INDEX ix_rm_ended_sessions_ended_at ON rm_ended_sessions (ended_at)",
                SchemaStatement.IndexMissing("rm_ended_sessions", "ix_rm_ended_sessions_ended_at")),
        ]),
    ];

    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        foreach (var migration in Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<IMySqlProjection, UsersProjection>();
        services.AddSingleton<UserRowCache>();
        services.AddSingleton<IUserReadModel, UserReadModel>();
        services.AddSingleton<IMySqlProjection, EndedSessionsProjection>();
        services.AddSingleton<SessionRevocations>();
    }
}
