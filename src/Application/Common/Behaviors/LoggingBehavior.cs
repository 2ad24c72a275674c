using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace EventChat.Application.Common.Behaviors;

/// <summary>Logs each command and query with its outcome and duration (never its content: it may hold passwords).</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var name = typeof(TMessage).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);

            // Success adds nothing to the request's own log line (route, status, time), and what a command did is in
            // the event log; a line costs a fifth of a one-row read (docs/benchmarks.md) and was a tenth of a send's
            // CPU (docs/messaging.md): Debug. Refusals and failures stay at Information.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("{Message} handled in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return response;
        }
        catch (Exception ex)
        {
            logger.LogInformation("{Message} refused or failed after {ElapsedMs:0.0} ms: {Error}", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }
}
