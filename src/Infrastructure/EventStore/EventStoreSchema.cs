namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// The event store's tables. <c>es_events.position</c> is the global order; unique (stream, version)
/// and unique event id back optimistic concurrency and idempotency. Binary collation keeps ids exact.
/// </summary>
public static class EventStoreSchema
{
    public const string Component = "event-store";

    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(Component, 1, "streams, events and projection checkpoints",
        [
            """
            CREATE TABLE IF NOT EXISTS es_streams (
                stream_id VARCHAR(150) NOT NULL,
                stream_type VARCHAR(100) NOT NULL,
                version BIGINT NOT NULL,
                created_at DATETIME(6) NOT NULL,
                updated_at DATETIME(6) NOT NULL,
                PRIMARY KEY (stream_id),
                KEY ix_es_streams_type (stream_type, stream_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS es_events (
                position BIGINT NOT NULL AUTO_INCREMENT,
                event_id CHAR(36) NOT NULL,
                stream_id VARCHAR(150) NOT NULL,
                stream_version BIGINT NOT NULL,
                event_type VARCHAR(150) NOT NULL,
                data JSON NOT NULL,
                metadata JSON NOT NULL,
                created_at DATETIME(6) NOT NULL,
                PRIMARY KEY (position),
                UNIQUE KEY ux_es_events_event_id (event_id),
                UNIQUE KEY ux_es_events_stream_version (stream_id, stream_version),
                KEY ix_es_events_type_position (event_type, position),
                KEY ix_es_events_created_at (created_at)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """,
            """
            CREATE TABLE IF NOT EXISTS es_projection_checkpoints (
                name VARCHAR(100) NOT NULL,
                position BIGINT NOT NULL,
                status VARCHAR(20) NOT NULL,
                owner VARCHAR(200) NULL,
                last_error TEXT NULL,
                updated_at DATETIME(6) NOT NULL,
                PRIMARY KEY (name)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """,
        ]),
    ];
}
