using System.Text;
using System.Text.Json;
using EventChat.Api.Common;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>The one exception → problem mapping, called directly (a 500 is hard to provoke from outside on purpose).</summary>
public sealed class ApiExceptionHandlerTests
{
    private const string Internals = "Connection string Server=db;Password=hunter2 in EventChat.Infrastructure.Secret";

    public static TheoryData<Exception, int> Mappings => new()
    {
        { RefusedException.Invalid("email", "Email is not valid."), 400 },
        { RefusedException.NotFound("User not found."), 404 },
        { RefusedException.Conflict("Username is taken."), 409 },
        { RefusedException.Forbidden("Only the owner can do this."), 403 },
        { RefusedException.Unauthorized("Invalid login or password."), 401 },
        { new BadHttpRequestException(Internals, 415), 415 },
        { new BadHttpRequestException(Internals, 413), 413 },
        { new BadHttpRequestException(Internals, 400), 400 },
        { new BadHttpRequestException(Internals, new JsonException(Internals, "$.name", 0, 9)), 400 },
        { new JsonException(Internals, "$", 0, 0), 400 },
        { new WrongExpectedVersionException("user-42", ExpectedVersion.Exactly(1), 2), 409 },
        { new EventIdConflictException("user-42", Guid.NewGuid(), Internals), 409 },
        { new InvalidOperationException(Internals), 500 },
        { new KeyNotFoundException(Internals), 500 },
        { new OperationCanceledException(Internals), 500 },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Exception_maps_to_status_with_a_problem_json_body_and_no_internals(Exception exception, int status)
    {
        var (context, body) = NewContext();

        var handled = await NewHandler(context).TryHandleAsync(context, exception, CancellationToken.None);

        handled.Should().BeTrue();
        context.Response.StatusCode.Should().Be(status);
        context.Response.ContentType.Should().Be("application/problem+json");
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(body.ToArray()));
        var problem = document.RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("type").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("correlationId").GetString().Should().Be("unit-correlation");
        problem.ToString().Should().NotContain("hunter2").And.NotContain("user-42").And.NotContain("EventChat.");
    }

    [Fact]
    public async Task A_refusal_answers_with_its_own_message_and_validation_with_its_fields()
    {
        var (notFound, notFoundBody) = NewContext();
        var (invalid, invalidBody) = NewContext();

        await NewHandler(notFound).TryHandleAsync(notFound, RefusedException.NotFound("No such user."), CancellationToken.None);
        await NewHandler(invalid).TryHandleAsync(invalid, RefusedException.Invalid("members[0].userId", "Not a friend."), CancellationToken.None);

        using var notFoundProblem = JsonDocument.Parse(notFoundBody.ToArray());
        notFoundProblem.RootElement.GetProperty("detail").GetString().Should().Be("No such user.");
        using var invalidProblem = JsonDocument.Parse(invalidBody.ToArray());
        invalidProblem.RootElement.GetProperty("errors").GetProperty("members[0].userId")[0].GetString().Should().Be("Not a friend.");
    }

    [Fact]
    public async Task A_json_error_names_the_field_from_the_exceptions_path()
    {
        var (context, body) = NewContext();

        await NewHandler(context).TryHandleAsync(context, new BadHttpRequestException("x", new JsonException("x", "$.count", 0, 12)), CancellationToken.None);

        using var document = JsonDocument.Parse(body.ToArray());
        document.RootElement.GetProperty("errors").TryGetProperty("count", out _).Should().BeTrue();
        document.RootElement.GetProperty("detail").GetString().Should().Contain("'count'").And.Contain("line 1");
    }

    [Fact]
    public async Task Unexpected_exception_gets_the_generic_detail_only()
    {
        var (context, body) = NewContext();

        await NewHandler(context).TryHandleAsync(context, new InvalidOperationException(Internals), CancellationToken.None);

        using var document = JsonDocument.Parse(body.ToArray());
        document.RootElement.GetProperty("detail").GetString().Should().Be(ApiExceptionHandler.UnexpectedErrorDetail);
        document.RootElement.TryGetProperty("errors", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Unauthorized_carries_a_bearer_challenge()
    {
        var (context, _) = NewContext();

        await NewHandler(context).TryHandleAsync(context, RefusedException.Unauthorized("Invalid login or password."), CancellationToken.None);

        context.Response.Headers.WWWAuthenticate.ToString().Should().Be("Bearer");
    }

    private static (DefaultHttpContext Context, MemoryStream Body) NewContext()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsEnricher.Enrich)
            .AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>()
            .BuildServiceProvider();
        var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/things";
        context.Request.Headers["X-Correlation-Id"] = "unit-correlation";
        context.Response.Body = body;
        return (context, body);
    }

    private static ApiExceptionHandler NewHandler(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);
}
