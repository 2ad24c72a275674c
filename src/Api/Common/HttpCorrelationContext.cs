using System.Diagnostics;
using EventChat.Application.Abstractions;

namespace EventChat.Api.Common;

/// <summary>
/// <see cref="ICorrelationContext"/> for the Api: the current request's id. Outside a request (background work)
/// it is the current trace id, or a new id on every read, so read it once per command.
/// </summary>
public sealed class HttpCorrelationContext(IHttpContextAccessor accessor) : ICorrelationContext
{
    public string CorrelationId
    {
        get
        {
            if (accessor.HttpContext is { } context)
            {
                return CorrelationIds.Get(context);
            }

            return Activity.Current is { } activity && activity.TraceId != default
                ? activity.TraceId.ToHexString()
                : CorrelationIds.New();
        }
    }
}
