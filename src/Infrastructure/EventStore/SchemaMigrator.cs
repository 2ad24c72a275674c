using Dapper;
using Microsoft.Extensions.Logging;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Applies schema migrations at start. A named lock (GET_LOCK, scoped to the database: lock names are
/// server-wide) makes two processes that start together take turns; each step is recorded in <c>schema_migrations</c> and skipped once applied.
/// </summary>
public sealed class SchemaMigrator(MySqlConnectionFactory connections, ILogger<SchemaMigrator> logger)
{

    public async Task MigrateAsync(IEnumerable<SchemaMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var lockName = DatabaseLockName.For(connection.Database, "schema-migrations");
        var acquired = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition("SELECT GET_LOCK(@name, 60)", new { name = lockName }, cancellationToken: cancellationToken));
        if (acquired != 1)
        {
            throw new InvalidOperationException("Timed out waiting for another process to finish migrating the schema.");
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    component VARCHAR(100) NOT NULL,
                    version INT NOT NULL,
                    description VARCHAR(300) NOT NULL,
                    applied_at DATETIME(6) NOT NULL,
                    PRIMARY KEY (component, version)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """,
                cancellationToken: cancellationToken));

            var applied = (await connection.QueryAsync<(string Component, int Version)>(new CommandDefinition(
                "SELECT component, version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();

            foreach (var migration in migrations.OrderBy(m => m.Component, StringComparer.Ordinal).ThenBy(m => m.Version))
            {
                if (applied.Contains((migration.Component, migration.Version)))
                {
                    continue;
                }

                logger.LogInformation("Applying schema migration {Component} v{Version}: {Description}", migration.Component, migration.Version, migration.Description);
                foreach (var statement in migration.Statements)
                {
                    // DDL commits implicitly in MySQL: each statement is idempotent on its own (IF NOT EXISTS,
                    // or a guard), so a crash before the record below only makes the next start re-run it.
                    if (statement.OnlyIf is { } guard
                        && await connection.ExecuteScalarAsync<long>(new CommandDefinition(guard, cancellationToken: cancellationToken)) == 0)
                    {
                        continue;
                    }

                    await connection.ExecuteAsync(new CommandDefinition(statement.Sql, commandTimeout: 600, cancellationToken: cancellationToken));
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (@Component, @Version, @Description, UTC_TIMESTAMP(6))",
                    migration,
                    cancellationToken: cancellationToken));
            }
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT RELEASE_LOCK(@name)", new { name = lockName }, cancellationToken: CancellationToken.None));
        }
    }
}
