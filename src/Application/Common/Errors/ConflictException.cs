namespace EventChat.Application.Common.Errors;

/// <summary>The request conflicts with the current state. Mapped to HTTP 409 problem+json.</summary>
public sealed class ConflictException : Exception
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
