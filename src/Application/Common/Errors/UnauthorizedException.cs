namespace EventChat.Application.Common.Errors;

/// <summary>The caller is not authenticated, or the credentials are invalid. Mapped to HTTP 401 problem+json.</summary>
public sealed class UnauthorizedException : Exception
{
    public UnauthorizedException()
    {
    }

    public UnauthorizedException(string message)
        : base(message)
    {
    }

    public UnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
