using System.Globalization;

namespace EventChat.Api.Common;

/// <summary>Read-your-writes: every 2xx write carries the global position of its last event in <c>X-Position</c>.</summary>
public static class WriteResults
{
    public const string PositionHeader = "X-Position";

    public static void SetPosition(this HttpContext context, long? position)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (position is > 0)
        {
            context.Response.Headers[PositionHeader] = position.Value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
