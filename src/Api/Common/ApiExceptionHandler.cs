using System.Text.Json;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MySqlConnector;

namespace EventChat.Api.Common;

/// <summary>
/// The one place exceptions become responses (problem+json, completed by <see cref="ProblemDetailsEnricher"/>). A
/// <see cref="RefusedException"/> answers by its kind with its own message; malformed input by the status ASP.NET
/// Core gives it; anything unexpected is logged at Error with the correlation id and answered with a generic 500.
/// No framework message text is read. (A request the client aborted never gets here: ASP.NET Core's exception
/// handler middleware answers it with 499 itself.)
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string UnexpectedErrorDetail = "An unexpected error occurred.";
    public const string ConcurrentUpdateDetail = "The resource was changed by a concurrent update; retry the request.";
    public const string DatabaseUnavailableDetail = "The database is unavailable; retry later.";

    public const string RedisUnavailableDetail = "The job and cache store (Redis) is unavailable; retry later.";

    /// <summary>Retry-After of a 503: long enough for a database restart to be noticed by the pool.</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var method = httpContext.Request.Method;
        var path = httpContext.Request.Path.Value;

        var problem = ToProblem(exception);
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

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The problem a client gets for an exception. A null detail is filled per status by <see cref="ProblemDetailsEnricher"/>.</summary>
    public static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        RefusedException { Kind: ErrorKind.Validation } e => new HttpValidationProblemDetails(e.Errors.ToDictionary(StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = e.Message,
        },
        RefusedException e => Problem(StatusOf(e.Kind), e.Message),
        WrongExpectedVersionException => Problem(StatusCodes.Status409Conflict, ConcurrentUpdateDetail),
        EventIdConflictException => Problem(StatusCodes.Status409Conflict, "This request repeats an earlier one's key with different content."),

        // Binding failures (ThrowOnBadRequest): the status ASP.NET Core chose; a JSON error says where it is.
        BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
        BadHttpRequestException e => Problem(e.StatusCode, null),
        JsonException json => InvalidJson(json),
        _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, DatabaseUnavailableDetail),
        _ when IsRedisUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, RedisUnavailableDetail),
        ObjectStorageUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "File storage is unavailable; nothing was stored. Try again shortly."),
        _ => Problem(StatusCodes.Status500InternalServerError, UnexpectedErrorDetail),
    };

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedType => StatusCodes.Status415UnsupportedMediaType,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// MySQL cannot be reached, went away mid-command, or is shutting down: a MySqlConnector exception, also inside
    /// EF Core's or anyone's wrappers, recognized by its error code or type (never by its message).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is MySqlEndOfStreamException || (current is MySqlException mySql && (mySql.IsTransient || mySql.ErrorCode is
                MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown or MySqlErrorCode.ConnectionCountError
                or MySqlErrorCode.QueryInterrupted or MySqlErrorCode.CommandTimeoutExpired)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Redis cannot be reached or does not answer in time (Hangfire's job storage, for one), also inside wrappers, by type.</summary>
    public static bool IsRedisUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>From the exception's structured fields (path, line, position): the field in <c>errors</c> when known.</summary>
    private static ProblemDetails InvalidJson(JsonException exception)
    {
        var at = exception.LineNumber is { } line ? $" (line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1})" : string.Empty;
        if (exception.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return Problem(StatusCodes.Status400BadRequest, $"The request body is not valid JSON{at}.");
        }

        var field = path[2..];
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = ["The value is malformed or has the wrong type."] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = $"The request body is not valid JSON or a value has the wrong type, at '{field}'{at}.",
        };
    }

    private static ProblemDetails Problem(int status, string? detail) => new() { Status = status, Detail = detail };
}
