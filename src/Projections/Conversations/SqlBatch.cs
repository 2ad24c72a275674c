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
