using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>
/// The event store and the conversations projection write every value as a positional <c>?</c>: each value must
/// reach the server in the place it was written, also when a named statement uses a name twice.
/// </summary>
[Collection(EventStoreCollection.Name)]
public sealed class PositionalSqlTests(EventStoreFixture fixture)
{
    [Fact]
    public async Task Values_reach_the_server_in_the_places_they_were_written()
    {
        var at = new DateTime(2026, 12, 2, 10, 30, 15, 123, DateTimeKind.Utc);
        var sql = new PositionalSql()
            .Append("SELECT ").Value("it's; a ? and @name").Append(" AS text, ").Value(42L).Append(" AS number, ")
            .Value(null).Append(" AS nothing, CAST(").Value(at).Append(" AS DATETIME(6)) AS at, HEX(").Value(new byte[] { 0x01, 0xAB }).Append(") AS bytes, ")
            .Append("CONCAT_WS('|', ").Values(["a", "b", "c"]).Append(") AS joined, ")
            .AppendNamed("@x + @y * @x AS named", new Dictionary<string, object?> { ["x"] = 2, ["y"] = 10 })
            .Append(", ").Value(DayOfWeek.Tuesday).Append(" AS weekday, ").Value(DayOfWeek.Friday).Append(" AS weekday_again, ")
            .Value(true).Append(" AS flag, ").Value("second text").Append(" AS text_again");

        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        await using var command = sql.CreateCommand(connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();

        reader.GetString(0).Should().Be("it's; a ? and @name");
        reader.GetInt64(1).Should().Be(42);
        reader.IsDBNull(2).Should().BeTrue();
        reader.GetDateTime(3).Should().Be(at);
        reader.GetString(4).Should().Be("01AB");
        reader.GetString(5).Should().Be("a|b|c");
        reader.GetInt64(6).Should().Be(22, "each @x is bound where it stands: 2 + 10 * 2");
        reader.GetInt64(7).Should().Be(2, "an enum is written as its number");
        reader.GetInt64(8).Should().Be(5, "also the second one of its type");
        reader.GetBoolean(9).Should().BeTrue();
        reader.GetString(10).Should().Be("second text", "the second value of a type takes the type the first was given");
    }

    [Fact]
    public void A_named_statement_with_a_name_it_has_no_value_for_is_refused()
    {
        var sql = new PositionalSql();

        var append = () => sql.AppendNamed("UPDATE t SET a = @a WHERE id = @id", new Dictionary<string, object?> { ["a"] = 1 });

        append.Should().Throw<ArgumentException>().WithMessage("No value for @id.*");
    }
}
