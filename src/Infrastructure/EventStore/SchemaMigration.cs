namespace EventChat.Infrastructure.EventStore;

/// <summary>One numbered step of a component's schema. Statements must be idempotent DDL that runs on MariaDB and MySQL.</summary>
public sealed record SchemaMigration(string Component, int Version, string Description, IReadOnlyList<string> Statements);
