using System.Globalization;
using System.Text;
using MySqlConnector;

namespace EventChat.Projections.Conversations;

/// <summary>
/// Several statements sent as one command (one round trip): each <see cref="Add"/> names its parameters
/// <c>@name</c>, renumbered here so that statements do not collide. Use once. Parameter names must not start
/// with "p" (the renumbered names are <c>@p0</c>, <c>@p1</c>…).
/// </summary>
internal sealed class SqlBatch
{
    private readonly StringBuilder _sql = new();
    // MySqlConnector's own parameters, not Dapper's: Dapper sets each one's DbType, which MySqlConnector maps back by
    // walking its type table, per parameter (14 per message in the messages insert alone).
    private readonly List<MySqlParameter> _parameters = [];
    private int _next;

    public bool IsEmpty => _sql.Length == 0;

    /// <summary>Adds one statement; <paramref name="parameters"/> maps each <c>@name</c> in it to a value.</summary>
    public void Add(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        var text = sql;
        foreach (var (name, value) in parameters.OrderByDescending(p => p.Key.Length))
        {
            var unique = string.Create(CultureInfo.InvariantCulture, $"@p{_next++}");
            text = text.Replace("@" + name, unique, StringComparison.Ordinal);
            _parameters.Add(new MySqlParameter(unique, value));
        }

        _sql.Append(text).Append(";\n");
    }

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
            _sql.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{_next++}");
                _parameters.Add(new MySqlParameter(name, rows[r][c]));
                _sql.Append(c == 0 ? string.Empty : ",").Append(name);
            }

            _sql.Append(')');
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
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{_next++}");
                _parameters.Add(new MySqlParameter(name, rows[r][c]));
                _sql.Append(c == 0 ? string.Empty : ",").Append(name);
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

        await using var command = new MySqlCommand(_sql.ToString(), connection, transaction);
        command.Parameters.AddRange(_parameters.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
