using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventChat.Api.Common;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api;

/// <summary>
/// Read-your-writes cannot be forgotten: every write route of the Api answers through <see cref="WriteResults"/>, so
/// each 2xx carries <c>X-Position</c> and, with a JSON body, the same <c>position</c> in it.
/// </summary>
public sealed class WritePositionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Write routes that append no event, by name, each with its reason. Adding one here is a decision.</summary>
    private static readonly Dictionary<string, string> NotCommands = new(StringComparer.Ordinal)
    {
        ["RebuildProjection"] = "enqueues a Hangfire job (202 with its id); the rebuild writes read models, not events",
        ["RunBackup"] = "enqueues a Hangfire job (202 with its id); a backup reads the log and writes files, not events",
        ["VerifyReadModels"] = "enqueues a Hangfire job (202 with its id); a verify reads the log and the read models and writes its report, not events",
    };

    [Fact]
    public void Every_write_route_answers_through_WriteResults()
    {
        var writes = WriteRoutes().ToList();

        writes.Should().Contain(e => e.DisplayName!.Contains("/api/auth/register", StringComparison.Ordinal), "the scan must see the real routes");
        var missing = writes
            .Where(e => e.Metadata.GetMetadata<WritesPosition>() is null && !NotCommands.ContainsKey(e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? string.Empty))
            .Select(e => e.DisplayName)
            .ToList();
        missing.Should().BeEmpty("a write route must return WrittenOk/WrittenCreated/WrittenNoContent (WriteResults) so that its 2xx carries X-Position");
    }

    [Fact]
    public void The_scan_tells_a_route_without_a_position_from_one_with()
    {
        // The exempt route really lacks the metadata, and a command route really has it: the check above can fail.
        var byName = WriteRoutes().ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName!, StringComparer.Ordinal);

        byName["RebuildProjection"].Metadata.GetMetadata<WritesPosition>().Should().BeNull();
        byName["Register"].Metadata.GetMetadata<WritesPosition>().Should().NotBeNull();
    }

    [Fact]
    public async Task Each_write_of_a_session_carries_its_position_in_the_header_and_the_body()
    {
        using var client = factory.CreateClient();
        var username = ApiClientExtensions.UniqueName("wp");

        using var register = await client.PostAsJsonAsync("/api/auth/register", new { username, email = $"{username}@example.test", password = "correct-horse-1" });
        var registered = await PositionsAsync(register, HttpStatusCode.Created);
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { login = username, password = "correct-horse-1" });
        var loggedIn = await PositionsAsync(login, HttpStatusCode.OK);
        using var tokens = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var refreshToken = tokens.RootElement.GetProperty("refreshToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.RootElement.GetProperty("accessToken").GetString());
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        var refreshed = await PositionsAsync(refresh, HttpStatusCode.OK);
        using var newTokens = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync());
        using var patch = await client.PatchAsJsonAsync("/api/users/me", new { nickname = "Nick " + username });
        var patched = await PositionsAsync(patch, HttpStatusCode.OK);
        using var samePatch = await client.PatchAsJsonAsync("/api/users/me", new { nickname = "Nick " + username });
        var unchanged = await PositionsAsync(samePatch, HttpStatusCode.OK);
        using var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = newTokens.RootElement.GetProperty("refreshToken").GetString() });
        var loggedOut = await PositionsAsync(logout, HttpStatusCode.NoContent);

        new[] { registered, loggedIn, refreshed, patched, loggedOut }.Should().BeInAscendingOrder().And.OnlyContain(p => p > 0);
        unchanged.Should().Be(0, "a write that changed nothing appended nothing: there is nothing to wait for");
    }

    private IEnumerable<RouteEndpoint> WriteRoutes() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m =>
                HttpMethods.IsPost(m) || HttpMethods.IsPut(m) || HttpMethods.IsPatch(m) || HttpMethods.IsDelete(m)) == true);

    /// <summary>The X-Position of a 2xx answer, checked against <c>position</c> in its JSON body when it has one.</summary>
    private static async Task<long> PositionsAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldHaveStatusAsync(expected);
        response.Headers.TryGetValues(WriteResults.PositionHeader, out var values).Should().BeTrue($"a {(int)expected} write must carry {WriteResults.PositionHeader}");
        var header = long.Parse(values!.Single(), CultureInfo.InvariantCulture);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0)
        {
            using var body = JsonDocument.Parse(text);
            body.RootElement.GetProperty("position").GetInt64().Should().Be(header);
        }

        return header;
    }
}
