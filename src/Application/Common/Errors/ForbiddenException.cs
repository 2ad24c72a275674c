namespace EventChat.Application.Common.Errors;

/// <summary>The caller is authenticated but not allowed to do this. Mapped to HTTP 403 problem+json.</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
