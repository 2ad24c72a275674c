using EventChat.Application.Conversations;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Conversations;

/// <summary>The read side of conversations: summaries, members (with read markers) and messages.</summary>
public sealed class ConversationsModule : IFeatureModule
{
    /// <summary>Idempotent DDL (MariaDB and MySQL), applied at start by the schema migrator.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new("conversations-read-models", 1, "conversations, members with read markers, messages",
        [
            """
            CREATE TABLE IF NOT EXISTS rm_conversations (
                id CHAR(36) NOT NULL,
                type VARCHAR(10) NOT NULL,
                name VARCHAR(100) NULL,
                announcement VARCHAR(2000) NOT NULL DEFAULT '',
                member_count INT NOT NULL DEFAULT 0,
                ended TINYINT(1) NOT NULL DEFAULT 0,
                created_at DATETIME(6) NOT NULL,
                updated_at DATETIME(6) NOT NULL,
                last_seq BIGINT NOT NULL DEFAULT 0,
                last_sender_id CHAR(36) NULL,
                last_type VARCHAR(10) NULL,
                last_preview VARCHAR(100) NULL,
                last_recalled TINYINT(1) NOT NULL DEFAULT 0,
                last_at DATETIME(6) NULL,
                PRIMARY KEY (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE IF NOT EXISTS rm_conversation_members (
                conversation_id CHAR(36) NOT NULL,
                user_id CHAR(36) NOT NULL,
                role VARCHAR(10) NOT NULL,
                joined_at DATETIME(6) NOT NULL,
                last_read_seq BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (conversation_id, user_id),
                KEY ix_rm_conversation_members_user (user_id, conversation_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
            """
            CREATE TABLE IF NOT EXISTS rm_messages (
                conversation_id CHAR(36) NOT NULL,
                seq BIGINT NOT NULL,
                id CHAR(36) NOT NULL,
                sender_id CHAR(36) NOT NULL,
                client_message_id VARCHAR(64) NOT NULL,
                type VARCHAR(10) NOT NULL,
                text TEXT NULL,
                upload_id CHAR(36) NULL,
                reply_to_seq BIGINT NULL,
                recalled TINYINT(1) NOT NULL DEFAULT 0,
                created_at DATETIME(6) NOT NULL,
                position BIGINT NOT NULL,
                PRIMARY KEY (conversation_id, seq)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            """,
        ]),
        new("conversations-read-models", 2, "messages: the type and size of their upload",
        [
            new SchemaStatement(
                "ALTER TABLE rm_messages ADD COLUMN upload_content_type VARCHAR(100) NULL AFTER upload_id",
                SchemaStatement.ColumnMissing("rm_messages", "upload_content_type")),
            new SchemaStatement(
                "ALTER TABLE rm_messages ADD COLUMN upload_size BIGINT NULL AFTER upload_content_type",
                SchemaStatement.ColumnMissing("rm_messages", "upload_size")),

            // Who may fetch an upload: members of a conversation where it was sent (GET /api/uploads/{id}).
            new SchemaStatement(
                "CREATE INDEX ix_rm_messages_upload ON rm_messages (upload_id)",
                SchemaStatement.IndexMissing("rm_messages", "ix_rm_messages_upload")),
        ]),

        // The newest message of a conversation is read from rm_messages (its primary key's last row), and read markers
        // and unread counts live only in the Redis inbox: keeping copies here cost two UPDATEs per projection batch, two
        // thirds of its time in MariaDB, for values no query read (docs/messaging.md, "Twelfth session").
        new("conversations-read-models", 3, "conversations: no copy of the last message; members: no read marker",
        [
            .. new[] { "last_seq", "last_sender_id", "last_type", "last_preview", "last_recalled", "last_at" }.Select(column =>
                new SchemaStatement($"ALTER TABLE rm_conversations DROP COLUMN {column}", SchemaStatement.ColumnExists("rm_conversations", column))),
            new SchemaStatement(
                "ALTER TABLE rm_conversation_members DROP COLUMN last_read_seq",
                SchemaStatement.ColumnExists("rm_conversation_members", "last_read_seq")),
        ]),
    ];

    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        foreach (var migration in Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<IMySqlProjection, ConversationsProjection>();
        services.AddSingleton<ConversationInbox>();
        services.AddSingleton<IEventProjection, ConversationInboxProjection>();
        services.AddSingleton<IConversationReadModel, ConversationReadModel>();
    }
}
