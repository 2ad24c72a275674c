using EventChat.Domain.Common;

namespace EventChat.Api.Common;

public static class QueryParameters
{
    /// <summary>Refuses a negative <c>minPosition</c> with a 400 naming it.</summary>
    public static long? MinPosition(long? minPosition) =>
        minPosition is < 0 ? throw RefusedException.Invalid("minPosition", "minPosition must be zero or more.") : minPosition;
}
