using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common.Errors;
using EventChat.Domain;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MySqlConnector;

namespace EventChat.Api.Common;

/// <summary>
/// Turns an exception into the problem the client gets. Only messages written for clients reach the body (the
/// application's error messages, validation messages, descriptions of malformed input); anything unexpected
/// becomes a generic 500.
/// </summary>
public static partial class ExceptionProblems
{
    public const string UnexpectedErrorDetail = "An unexpected error occurred.";
    public const string ConcurrentUpdateDetail = "The resource was changed by a concurrent update; retry the request.";
    public const string DatabaseUnavailableDetail = "The database is unavailable; retry later.";

    private static readonly string[] RequiredFieldMessages = ["This field is required."];

    public static ProblemDetails From(Exception exception, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        return exception switch
        {
            ValidationException validation => Validation(validation),
            BadHttpRequestException badRequest => BadRequest(badRequest, context),
            JsonException json => InvalidJson(json),
            NotFoundException e => Problem(StatusCodes.Status404NotFound, ClientMessage(e, "The resource was not found.")),
            ConflictException e => Problem(StatusCodes.Status409Conflict, ClientMessage(e, "The request conflicts with the current state of the resource.")),
            ForbiddenException e => Problem(StatusCodes.Status403Forbidden, ClientMessage(e, "You are not allowed to do this.")),
            UnauthorizedException e => Problem(StatusCodes.Status401Unauthorized, ClientMessage(e, "Authentication is required.")),
            WrongExpectedVersionException => Problem(StatusCodes.Status409Conflict, ConcurrentUpdateDetail),
            EventIdConflictException => Problem(StatusCodes.Status409Conflict, "This request repeats an earlier one's key with different content."),

            // A domain rule's code ends in what it means: "….not-found" is 404, "….forbidden" 403, any other refusal 409.
            DomainRuleException e when e.Code.EndsWith(".not-found", StringComparison.Ordinal) => Problem(StatusCodes.Status404NotFound, e.Message),
            DomainRuleException e when e.Code.EndsWith(".forbidden", StringComparison.Ordinal) => Problem(StatusCodes.Status403Forbidden, e.Message),
            DomainRuleException e => Problem(StatusCodes.Status409Conflict, e.Message),
            _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, DatabaseUnavailableDetail),
            _ => Problem(StatusCodes.Status500InternalServerError, UnexpectedErrorDetail),
        };
    }

    /// <summary>
    /// MySQL cannot be reached, went away mid-command, or is shutting down: a MySqlConnector exception, also inside
    /// EF Core's or anyone's wrappers, recognized by its error code (never by its message).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is MySqlException mySql && (mySql.IsTransient || mySql.ErrorCode is
                MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown or MySqlErrorCode.ConnectionCountError
                or MySqlErrorCode.QueryInterrupted or MySqlErrorCode.CommandTimeoutExpired))
            {
                return true;
            }

            if (current is MySqlEndOfStreamException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A field name as clients spell it: each segment of FluentValidation's PascalCase path in camelCase.</summary>
    public static string FieldName(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName))
        {
            return string.Empty;
        }

        var segments = propertyName.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = JsonNamingPolicy.CamelCase.ConvertName(segments[i]);
        }

        return string.Join('.', segments);
    }

    private static HttpValidationProblemDetails Validation(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(failure => FieldName(failure.PropertyName), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = errors.Count > 0
                ? "The request has invalid fields; see errors."
                : ClientMessage(exception, "The request is not valid."),
        };
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception, HttpContext context)
    {
        if (FindInner<JsonException>(exception) is { } json)
        {
            return InvalidJson(json);
        }

        var status = exception.StatusCode;
        return status switch
        {
            StatusCodes.Status415UnsupportedMediaType => Problem(status, context.Request.ContentType is { Length: > 0 } contentType
                ? $"The request body must be JSON: send 'Content-Type: application/json' (got '{contentType}')."
                : "The request body must be JSON: send 'Content-Type: application/json'."),
            StatusCodes.Status413PayloadTooLarge => Problem(status, RequestBodyLimits.Applied(context) is { } limit
                ? $"The request body is too large: at most {limit} bytes are accepted here."
                : "The request body is too large."),
            _ => Problem(status, DescribeBadRequest(exception.Message)),
        };
    }

    /// <summary>Rewrites the framework's binding messages without CLR type names; passes any other one through.</summary>
    private static string DescribeBadRequest(string message)
    {
        if (MissingBody().IsMatch(message))
        {
            return "A JSON request body is required.";
        }

        if (MissingParameter().Match(message) is { Success: true } missing)
        {
            return $"The parameter '{missing.Groups["name"].Value}' is required.";
        }

        if (UnboundParameter().Match(message) is { Success: true } unbound)
        {
            return $"'{unbound.Groups["value"].Value}' is not a valid value for '{unbound.Groups["name"].Value}'.";
        }

        return message;
    }

    private static ProblemDetails InvalidJson(JsonException exception)
    {
        var missing = MissingRequiredProperties().Match(exception.Message);
        if (missing.Success)
        {
            var names = QuotedName().Matches(missing.Groups["names"].Value).Select(m => m.Groups[1].Value).ToArray();
            var errors = names.ToDictionary(name => name, _ => RequiredFieldMessages, StringComparer.Ordinal);
            return new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = "The request body lacks required fields; see errors.",
            };
        }

        var field = exception.Path is { Length: > 1 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var position = exception.LineNumber is { } line
            ? $" (line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1})"
            : string.Empty;
        var detail = field is null
            ? $"The request body is not valid JSON{position}."
            : $"The request body is not valid JSON or a value has the wrong type, at '{field}'{position}.";
        return field is null
            ? Problem(StatusCodes.Status400BadRequest, detail)
            : new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [field] = ["The value is malformed or has the wrong type."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = detail,
            };
    }

    private static ProblemDetails Problem(int status, string detail) => new() { Status = status, Detail = detail };

    /// <summary>The exception's own message, unless it is the runtime's default "Exception of type … was thrown.".</summary>
    private static string ClientMessage(Exception exception, string fallback) =>
        string.IsNullOrWhiteSpace(exception.Message) || exception.Message.StartsWith("Exception of type '", StringComparison.Ordinal)
            ? fallback
            : exception.Message;

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    [GeneratedRegex("""^(Required parameter "[^"]*" was not provided from body\.|Implicit body inferred for parameter)""")]
    private static partial Regex MissingBody();

    [GeneratedRegex("""^Required parameter "(?:\S+ )?(?<name>[^"]+)" was not provided""")]
    private static partial Regex MissingParameter();

    [GeneratedRegex("""^Failed to bind parameter "(?:\S+ )?(?<name>[^"]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex UnboundParameter();

    [GeneratedRegex("missing required properties,? including:? (?<names>.+?)\\.?$")]
    private static partial Regex MissingRequiredProperties();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}
