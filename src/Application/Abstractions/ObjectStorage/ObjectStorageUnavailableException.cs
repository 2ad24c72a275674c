namespace EventChat.Application.Abstractions.ObjectStorage;

/// <summary>The object store could not be reached or refused to work: a dependency outage (503), not the caller's fault.</summary>
public sealed class ObjectStorageUnavailableException : Exception
{
    public ObjectStorageUnavailableException()
    {
    }

    public ObjectStorageUnavailableException(string message)
        : base(message)
    {
    }

    public ObjectStorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
