using System.Text.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api;

public sealed class OpenApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, string?, string> Routes => new()
    {
        // method, path, request schema (null: no body), success status
        { "post", "/api/auth/register", "RegisterRequest", "201" },
        { "post", "/api/auth/login", "LoginRequest", "200" },
        { "post", "/api/auth/refresh", "RefreshRequest", "200" },
        { "post", "/api/auth/logout", "RefreshRequest", "204" },
        { "get", "/api/users/me", null, "200" },
        { "patch", "/api/users/me", "UpdateProfileRequest", "200" },
        { "get", "/api/users/{id}", null, "200" },
        { "get", "/api/users", null, "200" },
        { "put", "/api/admin/users/{id}/roles", "SetRolesRequest", "200" },
        { "get", "/api/health", null, "200" },
        { "get", "/api/audit/events", null, "200" },
        { "get", "/api/audit/streams/{streamId}", null, "200" },
        { "get", "/api/audit/conversations/{id}/state", null, "200" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Document_lists_the_route_with_its_request_and_response_schemas(string method, string path, string? requestSchema, string success)
    {
        using var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative)));
        var root = document.RootElement;

        root.GetProperty("paths").TryGetProperty(path, out var item).Should().BeTrue($"{path} is in the document");
        item.TryGetProperty(method, out var operation).Should().BeTrue($"{method.ToUpperInvariant()} {path} is in the document");

        if (requestSchema is not null)
        {
            var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            schema.GetProperty("$ref").GetString().Should().EndWith("/" + requestSchema);
            root.GetProperty("components").GetProperty("schemas").GetProperty(requestSchema).GetProperty("properties").EnumerateObject().Should().NotBeEmpty();
        }

        var response = operation.GetProperty("responses").GetProperty(success);
        if (success != "204")
        {
            var schema = response.GetProperty("content").GetProperty("application/json").GetProperty("schema");
            if (method != "get")
            {
                // A write's answer: its value, plus the position of its last event.
                var parts = schema.GetProperty("allOf");
                parts[1].GetProperty("properties").GetProperty("position").GetProperty("type").GetString().Should().Be("integer");
                parts[1].GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Contain("position");
                schema = parts[0];
            }

            schema.TryGetProperty("$ref", out var reference).Should().BeTrue($"{method} {path} names its response schema");
            var name = reference.GetString()!.Split('/')[^1];
            root.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties").EnumerateObject().Should().NotBeEmpty();
        }
    }
}
