using EventChat.Application.Abstractions.EventStore;
using Microsoft.AspNetCore.Diagnostics;

namespace EventChat.Api.Common;

/// <summary>
/// The one place exceptions become responses (problem+json, see <see cref="ExceptionProblems"/>). Unexpected ones
/// are logged at Error with the correlation id and answered with a generic 500; a request the client aborted gets
/// no body.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string UnexpectedErrorDetail = ExceptionProblems.UnexpectedErrorDetail;

    /// <summary>Not an HTTP status a client sees: the log's record that the client went away (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>Retry-After of a 503: long enough for a database restart to be noticed by the pool.</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var method = httpContext.Request.Method;
        var path = httpContext.Request.Path.Value;

        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("{Method} {Path}: the client aborted the request", method, path);
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.StatusCode = ClientClosedRequest;
            }

            if (httpContext.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return true;
        }

        var problem = ExceptionProblems.From(exception, httpContext);
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        var correlationId = CorrelationIds.Get(httpContext);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("{Method} {Path}: the database is unavailable, answered 503: {Error} (correlation id {CorrelationId})", method, path, exception.Message, correlationId);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "{Method} {Path} failed with an unexpected {ExceptionType} (correlation id {CorrelationId})", method, path, exception.GetType().Name, correlationId);
        }
        else if (exception is WrongExpectedVersionException)
        {
            logger.LogWarning("{Method} {Path}: concurrent update, answered {StatusCode}: {Message}", method, path, status, exception.Message);
        }
        else
        {
            logger.LogDebug("{Method} {Path} answered {StatusCode}: {Detail}", method, path, status, problem.Detail);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
