namespace EventChat.Application.Common.Errors;

/// <summary>The resource does not exist or is not visible to the caller. Mapped to HTTP 404 problem+json.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
