using System.Text.Json;
using EventChat.Api.Common;
using EventChat.Application.Common.Commands;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>The body of a write's answer: the value's JSON with the write's position, whichever way it was put together.</summary>
public sealed class WriteResultsBodyTests
{
    [Fact]
    public async Task A_value_without_a_position_gets_the_writes_position_after_its_own_properties()
    {
        using var body = await AnswerAsync(new WithoutPosition("Ann", 3), position: 42);

        body.RootElement.GetProperty("name").GetString().Should().Be("Ann");
        body.RootElement.GetProperty("count").GetInt32().Should().Be(3);
        body.RootElement.GetProperty("position").GetInt64().Should().Be(42);
    }

    [Fact]
    public async Task An_empty_object_gets_only_the_position()
    {
        using var body = await AnswerAsync(new Empty(), position: 7);

        body.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("position");
        body.RootElement.GetProperty("position").GetInt64().Should().Be(7);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(41)]
    public async Task A_value_with_a_position_of_its_own_carries_the_writes_position_once(long own)
    {
        using var body = await AnswerAsync(new WithPosition("m", own), position: 42);

        body.RootElement.EnumerateObject().Count(p => p.Name == "position").Should().Be(1);
        body.RootElement.GetProperty("position").GetInt64().Should().Be(42);
        body.RootElement.GetProperty("text").GetString().Should().Be("m");
    }

    private static async Task<JsonDocument> AnswerAsync<T>(T value, long position)
    {
        var services = new ServiceCollection();
        services.Configure<JsonOptions>(_ => { });
        await using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        using var output = new MemoryStream();
        http.Response.Body = output;

        await WriteResults.Ok(new WriteResult<T>(value, position)).ExecuteAsync(http);

        http.Response.Headers[WriteResults.PositionHeader].ToString().Should().Be(position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The one-pass body declares its length; the replacing path is written chunked, without one.
        if (http.Response.ContentLength is { } length)
        {
            length.Should().Be(output.Length);
        }

        return JsonDocument.Parse(output.ToArray());
    }

    private sealed record WithoutPosition(string Name, int Count);

    private sealed record Empty;

    private sealed record WithPosition(string Text, long Position);
}
