namespace EventChat.Application.Abstractions;

/// <summary>The correlation id of the current request (from <c>X-Correlation-Id</c> or made up), for logs and event metadata.</summary>
public interface ICorrelationContext
{
    string CorrelationId { get; }
}
