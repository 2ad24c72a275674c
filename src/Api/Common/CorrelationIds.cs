using System.Buffers;
using EventChat.Domain.Common;

namespace EventChat.Api.Common;

/// <summary>
/// The correlation id of a request: the caller's <c>X-Correlation-Id</c> when it is well formed
/// (1-100 characters of <c>[A-Za-z0-9._:-]</c>), otherwise a new one. Stored on the <see cref="HttpContext"/>.
/// </summary>
public static class CorrelationIds
{
    public const string HeaderName = "X-Correlation-Id";
    public const string LogPropertyName = "CorrelationId";
    public const int MaxLength = 100;

    private static readonly object ItemKey = new();

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    /// <summary>True when <paramref name="value"/> may be used as given: 1-100 characters of [A-Za-z0-9._:-].</summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>A new id: 32 hex digits, unique, not secret (<see cref="UniqueIds"/>).</summary>
    public static string New() => UniqueIds.NewVersion4().ToString("N");

    /// <summary>The caller's id when it is valid, otherwise a new one.</summary>
    public static string FromHeader(string? headerValue) => IsValid(headerValue) ? headerValue! : New();

    /// <summary>The request's correlation id; made (and kept) here when the middleware has not run.</summary>
    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string id)
        {
            return id;
        }

        id = FromHeader(context.Request.Headers[HeaderName].ToString());
        context.Items[ItemKey] = id;
        return id;
    }

    internal static void Set(HttpContext context, string id) => context.Items[ItemKey] = id;
}
