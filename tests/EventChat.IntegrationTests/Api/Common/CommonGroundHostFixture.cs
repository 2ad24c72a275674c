using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Errors;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>
/// Two <see cref="CommonTestHost"/>s, Development and Production (binding failures behave differently by default
/// in the two), each with routes that exercise the common ground: a JSON body, a raised body limit, and routes
/// that throw each kind of exception.
/// </summary>
public sealed class CommonGroundHostFixture : IAsyncLifetime
{
    public const string SecretInternals = "Server=db;Password=hunter2 at EventChat.Secret.Method()";
    public const int LargeRouteLimit = 4 * 1024 * 1024;

    private readonly Dictionary<string, CommonTestHost> _hosts = [];

    public CommonTestHost this[string environment] => _hosts[environment];

    public async Task InitializeAsync()
    {
        foreach (var environment in new[] { "Development", "Production" })
        {
            _hosts[environment] = await CommonTestHost.StartAsync(environment, MapRoutes);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }
    }

    private static void MapRoutes(WebApplication app)
    {
        var api = app.MapGroup("/api/probe");
        api.MapPost("/echo", (EchoRequest request) => Results.Ok(request)).AllowAnonymous();
        api.MapPost("/large", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return Results.Ok(new { length = buffer.Length });
        }).WithMetadata(new RequestSizeLimitAttribute(LargeRouteLimit)).AllowAnonymous();
        api.MapGet("/paged", (int limit) => Results.Ok(new { limit })).AllowAnonymous();
        api.MapPost("/secure", (EchoRequest request) => Results.Ok(request)).RequireAuthorization();
        api.MapGet("/boom", string () => throw new InvalidOperationException(SecretInternals)).AllowAnonymous();
        api.MapGet("/invalid", string () => throw new ValidationException(
        [
            new ValidationFailure("Username", "Username must be 3-32 characters."),
            new ValidationFailure("Username", "Username may contain only letters, digits and '_'."),
            new ValidationFailure("Members[0].UserId", "No such user."),
        ])).AllowAnonymous();
        api.MapGet("/missing", string () => throw new NotFoundException("Conversation not found.")).AllowAnonymous();
        api.MapGet("/raced", string () => throw new WrongExpectedVersionException("conversation-secret-stream", ExpectedVersion.Exactly(3), 4)).AllowAnonymous();
    }
}

public sealed record EchoRequest(string Name, int Count);
