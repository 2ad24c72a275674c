namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// The event store's tables. <c>es_events.position</c> is the global order, allocated from the one
/// row of <c>es_log_head</c> under a lock held until COMMIT (see <see cref="GroupCommitWriter"/>).
/// Unique (stream, version) backs optimistic concurrency; event ids are looked up by their own
/// compact index and are unique within their stream. Binary collation keeps ids exact.
/// </summary>
public static class EventStoreSchema
{
    public const string Component = "event-store";

    private const string EventsHaveTextIds =
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'es_events' AND column_name = 'event_id' AND data_type = 'char'";

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
        new(Component, 2, "log head row (gap-free positions), binary event ids unique per stream, parked events, unused indexes dropped",
        [
            """
            CREATE TABLE IF NOT EXISTS es_log_head (
                id TINYINT NOT NULL,
                position BIGINT NOT NULL,
                PRIMARY KEY (id)
            ) ENGINE=InnoDB
            """,
            new(
                """
                CREATE TABLE IF NOT EXISTS es_events_v2 (
                    position BIGINT NOT NULL,
                    event_id BINARY(16) NOT NULL,
                    stream_id VARCHAR(150) NOT NULL,
                    stream_version BIGINT NOT NULL,
                    event_type VARCHAR(150) NOT NULL,
                    data JSON NOT NULL,
                    metadata JSON NOT NULL,
                    created_at DATETIME(6) NOT NULL,
                    PRIMARY KEY (position),
                    UNIQUE KEY ux_es_events_stream_version (stream_id, stream_version),
                    KEY ix_es_events_event_id (event_id)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """,
                EventsHaveTextIds),
            new(
                """
                INSERT INTO es_events_v2 (position, event_id, stream_id, stream_version, event_type, data, metadata, created_at)
                SELECT position, UNHEX(REPLACE(event_id, '-', '')), stream_id, stream_version, event_type, data, metadata, created_at
                FROM es_events WHERE position > (SELECT COALESCE(MAX(position), 0) FROM es_events_v2)
                """,
                EventsHaveTextIds),
            new("RENAME TABLE es_events TO es_events_v1, es_events_v2 TO es_events", EventsHaveTextIds),
            "DROP TABLE IF EXISTS es_events_v1",
            new("ALTER TABLE es_streams DROP INDEX ix_es_streams_type", SchemaStatement.IndexExists("es_streams", "ix_es_streams_type")),
            "INSERT INTO es_log_head (id, position) SELECT 1, COALESCE(MAX(position), 0) FROM es_events WHERE NOT EXISTS (SELECT 1 FROM es_log_head)",
            """
            CREATE TABLE IF NOT EXISTS es_parked_events (
                projection VARCHAR(100) NOT NULL,
                position BIGINT NOT NULL,
                event_type VARCHAR(150) NOT NULL,
                error TEXT NOT NULL,
                parked_at DATETIME(6) NOT NULL,
                PRIMARY KEY (projection, position)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """,
            new(
                "ALTER TABLE es_projection_checkpoints ADD COLUMN paused_by VARCHAR(200) NULL",
                SchemaStatement.ColumnMissing("es_projection_checkpoints", "paused_by")),
        ]),
    ];
}
