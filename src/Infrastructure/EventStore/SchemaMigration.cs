namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// One numbered step of a component's schema. Each statement runs on MariaDB 10.11 and MySQL 8.4 and
/// is safe to run again: DDL commits on its own in MySQL, so a step cannot be atomic with its record;
/// instead a crash between a statement and the record re-runs the statement, which finds it done.
/// </summary>
public sealed record SchemaMigration(string Component, int Version, string Description, IReadOnlyList<SchemaStatement> Statements);

/// <summary>
/// A schema statement, run only when <see cref="OnlyIf"/> (a query returning a count) is absent or
/// non-zero: MySQL has no <c>ADD COLUMN IF NOT EXISTS</c>, so guards read information_schema.
/// </summary>
public sealed record SchemaStatement(string Sql, string? OnlyIf = null)
{
    public static implicit operator SchemaStatement(string sql) => new(sql);

    public static SchemaStatement FromString(string sql) => new(sql);

    /// <summary>Guard: the table has no column of that name.</summary>
    public static string ColumnMissing(string table, string column) =>
        $"SELECT COUNT(*) = 0 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' AND column_name = '{column}'";

    /// <summary>Guard: the table has a column of that name (MySQL has no <c>DROP COLUMN IF EXISTS</c>).</summary>
    public static string ColumnExists(string table, string column) =>
        $"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' AND column_name = '{column}'";

    /// <summary>Guard: the table has no index of that name (MySQL has no <c>CREATE INDEX IF NOT EXISTS</c>).</summary>
    public static string IndexMissing(string table, string index) =>
        $"SELECT COUNT(*) = 0 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{table}' AND index_name = '{index}'";

    /// <summary>Guard: the table has an index of that name.</summary>
    public static string IndexExists(string table, string index) =>
        $"SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{table}' AND index_name = '{index}'";
}
