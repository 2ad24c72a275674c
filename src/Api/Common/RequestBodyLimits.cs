using Microsoft.AspNetCore.Http.Metadata;

namespace EventChat.Api.Common;

/// <summary>
/// Request body limits. JSON routes accept <see cref="DefaultMaxBytes"/>; a route that needs more (uploads) says
/// so with <c>[RequestSizeLimit]</c> / <c>.WithMetadata(new RequestSizeLimitAttribute(n))</c>, or
/// <c>[DisableRequestSizeLimit]</c>, and endpoint routing raises the server's limit for it.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>1 MiB: far above any JSON command of the contract, far below anything worth buffering.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    private static readonly object ItemKey = new();

    /// <summary>The limit of the request's route: its <see cref="IRequestSizeLimitMetadata"/>, else the default; null = none.</summary>
    public static long? ForEndpoint(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata
            ? metadata.MaxRequestBodySize
            : DefaultMaxBytes;
    }

    /// <summary>The limit applied to this request (remembered, because the exception handler clears the endpoint).</summary>
    public static long? Applied(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var value) && value is long limit ? limit : null;
    }

    internal static void Remember(HttpContext context, long limit) => context.Items[ItemKey] = limit;

    public static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}
