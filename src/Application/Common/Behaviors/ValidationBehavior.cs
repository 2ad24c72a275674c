using System.Text.Json;
using EventChat.Domain.Common;
using FluentValidation;
using Mediator;

namespace EventChat.Application.Common.Behaviors;

/// <summary>
/// First in the pipeline: every validator of the message runs; any failure stops it with a
/// <see cref="RefusedException"/> of kind <see cref="ErrorKind.Validation"/> (→ 400), its messages keyed by field
/// as clients spell it (each segment of the property path in camelCase).
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw RefusedException.Invalid(failures
                .GroupBy(failure => FieldName(failure.PropertyName), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));
        }

        return await next(message, cancellationToken);
    }

    /// <summary>"Members[0].UserId" → "members[0].userId".</summary>
    private static string FieldName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
