using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api;

/// <summary>
/// There is no fallback authorization policy (it would turn routing's own 404/405/415 into 401), so every
/// route must say what it needs. This catches a new route group that forgot RequireAuthorization.
/// </summary>
public sealed class EndpointAuthorizationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] AnonymousByContract =
    [
        "POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/refresh", "GET /api/health", "GET /api/openapi.json",

        // The interactive documentation's page assets (Scalar, bundled).
        "GET /api/scalar.js", "GET /api/scalar.aspnetcore.js", "GET /api/favicon.svg",
    ];

    [Fact]
    public void Every_route_either_requires_authorization_or_is_anonymous_by_contract()
    {
        using var client = factory.CreateClient();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToArray();
        endpoints.Should().NotBeEmpty();

        var undeclared = endpoints
            .Where(e => !e.Metadata.OfType<IAuthorizeData>().Any() && !e.Metadata.OfType<IAllowAnonymous>().Any())
            .Select(Describe);
        var anonymous = endpoints
            .Where(e => e.Metadata.OfType<IAllowAnonymous>().Any() && !IsDocsPage(e))
            .Select(Describe);

        undeclared.Should().BeEmpty("each route needs RequireAuthorization or AllowAnonymous");
        anonymous.Should().BeSubsetOf(AnonymousByContract, "only these routes are public in api.md");
    }

    private static bool IsDocsPage(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText is "/api" or "/api/";

    private static string Describe(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
        return $"{string.Join(',', methods)} {endpoint.RoutePattern.RawText?.Replace("{id:guid}", "{id}", StringComparison.Ordinal).TrimEnd('/')}";
    }
}
