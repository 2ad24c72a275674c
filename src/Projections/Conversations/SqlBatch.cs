using EventChat.Infrastructure.EventStore;
using MySqlConnector;

namespace EventChat.Projections.Conversations;

/// <summary>
/// Several statements sent as one command (one round trip), every value a positional parameter
/// (<see cref="PositionalSql"/>). Use once.
/// </summary>
internal sealed class SqlBatch
{
    // MySqlConnector's own parameters, not Dapper's: Dapper sets each one's DbType, which MySqlConnector maps back by
    // walking its type table, per parameter (14 per message in the messages insert alone).
    private readonly PositionalSql _sql = new();

    public bool IsEmpty => _sql.IsEmpty;

    /// <summary>Adds one statement; <paramref name="parameters"/> maps each <c>@name</c> in it to a value.</summary>
    public void Add(string sql, IReadOnlyDictionary<string, object?> parameters) => _sql.AppendNamed(sql, parameters).Append(";\n");

    /// <summary>Adds one multi-row <c>INSERT … VALUES</c>: <paramref name="head"/> then one tuple per row.</summary>
    public void AddValues(string head, IReadOnlyList<object?[]> rows, string? tail = null)
    {
        if (rows.Count == 0)
        {
            return;
        }

        _sql.Append(head).Append(" VALUES ");
        for (var r = 0; r < rows.Count; r++)
        {
            _sql.Append(r == 0 ? "(" : ",(").Values(rows[r]).Append(')');
        }

        _sql.Append(tail).Append(";\n");
    }

    /// <summary>
    /// One <c>UPDATE … JOIN</c> for many rows: <paramref name="target"/> joined to a derived table of the rows (columns
    /// named by <paramref name="columns"/>, aliased <c>v</c>), then <paramref name="onSetWhere"/>. One statement for what
    /// would be one <c>UPDATE</c> per row: the server parses, opens and locks once (MariaDB and MySQL both take it).
    /// </summary>
    public void AddJoinedUpdate(string target, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, string onSetWhere)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        _sql.Append("UPDATE ").Append(target).Append(" JOIN (");
        for (var r = 0; r < rows.Count; r++)
        {
            _sql.Append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            for (var c = 0; c < columns.Count; c++)
            {
                _sql.Append(c == 0 ? string.Empty : ",").Value(rows[r][c]);
                if (r == 0)
                {
                    _sql.Append(" AS ").Append(columns[c]);
                }
            }
        }

        _sql.Append(") v ").Append(onSetWhere).Append(";\n");
    }

    public async Task ExecuteAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return;
        }

        await using var command = _sql.CreateCommand(connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
