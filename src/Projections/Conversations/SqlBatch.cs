using System.Globalization;
using System.Text;
using Dapper;
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
    private readonly DynamicParameters _parameters = new();
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
            _parameters.Add(unique, value);
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
                _parameters.Add(name, rows[r][c]);
                _sql.Append(c == 0 ? string.Empty : ",").Append(name);
            }

            _sql.Append(')');
        }

        _sql.Append(tail).Append(";\n");
    }

    public async Task ExecuteAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(_sql.ToString(), _parameters, transaction, cancellationToken: cancellationToken));
    }
}
