using System.Text;
using System.Text.Json;
using EventChat.Api.Common;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Errors;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>The exception → problem mapping, called directly (a 500 is hard to provoke from outside on purpose).</summary>
public sealed class ApiExceptionHandlerTests
{
    private const string Internals = "Connection string Server=db;Password=hunter2 in EventChat.Infrastructure.Secret";

    public static TheoryData<Exception, int> Mappings => new()
    {
        { new ValidationException([new ValidationFailure("Email", "Email is not valid.")]), 400 },
        { new BadHttpRequestException("Expected a supported JSON media type but got \"text/plain\".", 415), 415 },
        { new BadHttpRequestException("Request body too large.", 413), 413 },
        { new BadHttpRequestException("Failed to read parameter \"Foo request\" from the request body as JSON.", new JsonException("bad", "$.name", 0, 9)), 400 },
        { new JsonException("'x' is an invalid start of a value.", "$", 0, 0), 400 },
        { new NotFoundException("User not found."), 404 },
        { new ConflictException("Username is taken."), 409 },
        { new ForbiddenException("Only the owner can do this."), 403 },
        { new UnauthorizedException("Invalid login or password."), 401 },
        { new EventChat.Domain.DomainRuleException("user.not-found", "The user does not exist."), 404 },
        { new EventChat.Domain.DomainRuleException("conversation.forbidden", "Not a member."), 403 },
        { new EventChat.Domain.DomainRuleException("user.already-registered", "Already registered."), 409 },
        { new WrongExpectedVersionException("user-42", ExpectedVersion.Exactly(1), 2), 409 },
        { new InvalidOperationException(Internals), 500 },
        { new KeyNotFoundException(Internals), 500 },
        { new OperationCanceledException(Internals), 500 },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task Exception_maps_to_status_with_a_problem_json_body(Exception exception, int status)
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
    public async Task Unexpected_exception_gets_the_generic_detail_only()
    {
        var (context, body) = NewContext();

        await NewHandler(context).TryHandleAsync(context, new InvalidOperationException(Internals), CancellationToken.None);

        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(body.ToArray()));
        document.RootElement.GetProperty("detail").GetString().Should().Be(ApiExceptionHandler.UnexpectedErrorDetail);
        document.RootElement.TryGetProperty("errors", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Validation_errors_are_keyed_by_camel_case_field()
    {
        var (context, body) = NewContext();
        var exception = new ValidationException(
        [
            new ValidationFailure("Password", "Password must be 8-128 characters."),
            new ValidationFailure("Profile.AvatarUploadId", "No image upload of yours has this id."),
            new ValidationFailure("MemberIds[3]", "Not a friend."),
        ]);

        await NewHandler(context).TryHandleAsync(context, exception, CancellationToken.None);

        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(body.ToArray()));
        var errors = document.RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("password", "profile.avatarUploadId", "memberIds[3]");
        errors.GetProperty("password")[0].GetString().Should().Be("Password must be 8-128 characters.");
    }

    [Fact]
    public async Task Unauthorized_carries_a_bearer_challenge()
    {
        var (context, _) = NewContext();

        await NewHandler(context).TryHandleAsync(context, new UnauthorizedException("Invalid login or password."), CancellationToken.None);

        context.Response.Headers.WWWAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task Request_aborted_by_the_client_gets_no_body()
    {
        var (context, body) = NewContext();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        context.RequestAborted = aborted.Token;

        var handled = await NewHandler(context).TryHandleAsync(context, new OperationCanceledException(aborted.Token), CancellationToken.None);

        handled.Should().BeTrue();
        context.Response.StatusCode.Should().Be(ApiExceptionHandler.ClientClosedRequest);
        body.Length.Should().Be(0);
    }

    [Theory]
    [InlineData("Username", "username")]
    [InlineData("AvatarUploadId", "avatarUploadId")]
    [InlineData("Members[0].UserId", "members[0].userId")]
    [InlineData("URL", "url")]
    [InlineData("", "")]
    public void Field_names_are_camel_cased_per_segment(string propertyName, string expected) =>
        ExceptionProblems.FieldName(propertyName).Should().Be(expected);

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
        new ApiExceptionHandler(context.RequestServices.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);
}
