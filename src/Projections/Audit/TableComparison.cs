using Dapper;
using MySqlConnector;

namespace EventChat.Projections.Audit;

/// <summary>
/// Compares one live table with its replayed copy in the scratch database, generically: the columns and the primary
/// key come from <c>information_schema</c>; rows are matched on the primary key and every column is compared as bytes
/// (<c>CAST(… AS BINARY)</c>, so a change of case or of trailing spaces, which the tables' <c>_ci</c> collation would
/// call equal, is a difference); values are reported as the database renders them (<c>CAST(… AS CHAR)</c>). Runs on the verify's snapshot connection: the live rows are those of the snapshot,
/// the replayed ones those the same transaction wrote.
/// </summary>
internal static class TableComparison
{
    public static async Task<(TableVerification Table, IReadOnlyList<VerifyDifference> Listed)> CompareAsync(
        MySqlConnection connection,
        MySqlTransaction snapshot,
        string projection,
        string liveDatabase,
        string scratchDatabase,
        string table,
        int maxListed,
        CancellationToken cancellationToken)
    {
        var columns = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = @db AND table_name = @table ORDER BY ordinal_position",
            new { db = liveDatabase, table },
            snapshot,
            cancellationToken: cancellationToken))).ToArray();
        var key = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT column_name FROM information_schema.key_column_usage
            WHERE table_schema = @db AND table_name = @table AND constraint_name = 'PRIMARY' ORDER BY ordinal_position
            """,
            new { db = liveDatabase, table },
            snapshot,
            cancellationToken: cancellationToken))).ToArray();
        if (columns.Length == 0 || key.Length == 0)
        {
            throw new InvalidOperationException($"Table {liveDatabase}.{table} has no columns or no primary key: it cannot be compared row by row.");
        }

        var live = $"`{liveDatabase}`.`{table}`";
        var scratch = $"`{scratchDatabase}`.`{table}`";
        var join = string.Join(" AND ", key.Select(k => $"l.`{k}` = s.`{k}`"));
        string Select(string alias) => string.Join(", ", columns.Select(c => $"CAST({alias}.`{c}` AS CHAR)"));
        string OrderBy(string alias) => string.Join(", ", key.Select(k => $"{alias}.`{k}`"));
        var equal = columns.Select(c => $"(CAST(l.`{c}` AS BINARY) <=> CAST(s.`{c}` AS BINARY))").ToArray();

        var listed = new List<VerifyDifference>();
        long found = 0;

        // Rows the replay makes and the live table lacks, then the reverse: every column from the side that has the row.
        foreach (var (kind, from, other, alias, otherAlias) in new[]
        {
            (VerifyDifference.MissingInLive, scratch, live, "s", "l"),
            (VerifyDifference.OnlyInLive, live, scratch, "l", "s"),
        })
        {
            var sql = $"SELECT {Select(alias)} FROM {from} {alias} LEFT JOIN {other} {otherAlias} ON {join} WHERE {otherAlias}.`{key[0]}` IS NULL ORDER BY {OrderBy(alias)}";
            await ReadAsync(sql, reader =>
            {
                if (found++ < maxListed)
                {
                    var values = columns.Select((_, i) => Text(reader, i)).ToArray();
                    listed.Add(new VerifyDifference(projection, table, kind, KeyOf(values), columns.Select((c, i) => kind == VerifyDifference.MissingInLive
                        ? new ColumnDifference(c, null, values[i])
                        : new ColumnDifference(c, values[i], null)).ToArray()));
                }
            });
        }

        // Rows on both sides whose values differ: the differing columns (the server says which), with both values.
        var differing = $"SELECT {Select("l")}, {Select("s")}, {string.Join(", ", equal)} FROM {live} l JOIN {scratch} s ON {join} " +
            $"WHERE NOT ({string.Join(" AND ", equal)}) ORDER BY {OrderBy("l")}";
        await ReadAsync(differing, reader =>
        {
            if (found++ < maxListed)
            {
                var liveValues = columns.Select((_, i) => Text(reader, i)).ToArray();
                var changed = columns.Select((c, i) => new ColumnDifference(c, liveValues[i], Text(reader, columns.Length + i)))
                    .Where((_, i) => reader.GetInt64((2 * columns.Length) + i) == 0)
                    .ToArray();
                listed.Add(new VerifyDifference(projection, table, VerifyDifference.Different, KeyOf(liveValues), changed));
            }
        });

        var replayedRows = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {scratch}", transaction: snapshot, cancellationToken: cancellationToken));
        return (new TableVerification(table, replayedRows, found, found > maxListed), listed);

        Dictionary<string, string?> KeyOf(string?[] values) => key.ToDictionary(k => k, k => values[Array.IndexOf(columns, k)], StringComparer.Ordinal);

        async Task ReadAsync(string sql, Action<MySqlDataReader> row)
        {
            await using var command = new MySqlCommand(sql, connection, snapshot);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
    }

    private static string? Text(MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
