using Serilog.Context;

namespace EventChat.Api.Common;

/// <summary>
/// Honors a valid incoming <c>X-Correlation-Id</c> or makes one, returns it on the response (also on error
/// responses, whose headers the exception handler clears) and puts it on every log line of the request.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CorrelationIds.FromHeader(context.Request.Headers[CorrelationIds.HeaderName].ToString());
        CorrelationIds.Set(context, id);
        context.Response.OnStarting(static state =>
        {
            var (httpContext, correlationId) = ((HttpContext, string))state;
            httpContext.Response.Headers[CorrelationIds.HeaderName] = correlationId;
            return Task.CompletedTask;
        }, (context, id));

        using (LogContext.PushProperty(CorrelationIds.LogPropertyName, id))
        {
            await next(context);
        }
    }
}
