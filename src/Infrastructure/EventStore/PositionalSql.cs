using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// SQL text and its values built side by side, each value written as a positional <c>?</c>, which MySqlConnector binds
/// in order. A named parameter costs, per value, an entry in the command's name dictionary, a normalized copy of its
/// name, and a second copy when the name is parsed back out of the SQL to find it; the group-commit insert has seven
/// values per event and the conversations projection fourteen per message, so names were a sixth of what the Api
/// allocated under sends (docs/messaging.md, "Ninth session").
/// </summary>
public sealed class PositionalSql
{
    // The MySqlDbType MySqlConnector infers for a value of each CLR type (see NewParameter).
    private static readonly ConcurrentDictionary<Type, MySqlDbType> InferredTypes = new();

    private readonly StringBuilder _text = new();
    private readonly List<MySqlParameter> _values = [];

    public bool IsEmpty => _text.Length == 0;

    public PositionalSql Append(string? text)
    {
        _text.Append(text);
        return this;
    }

    public PositionalSql Append(char character)
    {
        _text.Append(character);
        return this;
    }

    /// <summary>Writes <c>?</c> and binds <paramref name="value"/> to it (null: SQL NULL).</summary>
    public PositionalSql Value(object? value)
    {
        _text.Append('?');
        _values.Add(NewParameter(value));
        return this;
    }

    // A parameter without a type infers one from each value it is given, by a linear search of MySqlConnector's type
    // table (0.3 % of the machine's time under bench-messages). The answer is the same for every value of a CLR type, so
    // it is asked once per type and given to the next parameters (PositionalSqlTests: enums still go as numbers).
    private static MySqlParameter NewParameter(object? value)
    {
        if (value is null)
        {
            return new MySqlParameter { Value = value };
        }

        var type = InferredTypes.GetOrAdd(value.GetType(), static (_, sample) => new MySqlParameter { Value = sample }.MySqlDbType, value);
        return new MySqlParameter { MySqlDbType = type, Value = value };
    }

    /// <summary>Writes the values separated by commas (<c>?,?,?</c>).</summary>
    public PositionalSql Values<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                _text.Append(',');
            }

            Value(value);
            first = false;
        }

        return this;
    }

    /// <summary>
    /// Appends a statement written with <c>@name</c> placeholders, each occurrence bound to <paramref name="values"/>[name]
    /// (a name used twice binds twice). Only for SQL written here: a name missing from the values throws.
    /// </summary>
    public PositionalSql AppendNamed(string sql, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(values);
        var from = 0;
        for (var at = sql.IndexOf('@', StringComparison.Ordinal); at >= 0; at = sql.IndexOf('@', from))
        {
            var end = at + 1;
            while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }

            var name = sql[(at + 1)..end];
            if (!values.TryGetValue(name, out var value))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"No value for @{name}."), nameof(values));
            }

            _text.Append(sql, from, at - from);
            Value(value);
            from = end;
        }

        _text.Append(sql, from, sql.Length - from);
        return this;
    }

    /// <summary>The command, with every value bound; build it once, when the text is complete.</summary>
    public MySqlCommand CreateCommand(MySqlConnection connection, MySqlTransaction? transaction = null)
    {
        var command = new MySqlCommand(_text.ToString(), connection, transaction);
        foreach (var value in _values)
        {
            command.Parameters.Add(value);
        }

        return command;
    }

    public override string ToString() => _text.ToString();
}
