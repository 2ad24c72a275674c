namespace EventChat.Application.Abstractions.EventStore;

/// <summary>The stream moved since the writer read it: the typed optimistic-concurrency conflict.</summary>
public sealed class WrongExpectedVersionException : Exception
{
    public WrongExpectedVersionException(string streamId, ExpectedVersion expected, long actual)
        : base($"Stream '{streamId}' is at version {actual}, expected {expected}.")
    {
        StreamId = streamId;
        Expected = expected;
        Actual = actual;
    }

    public WrongExpectedVersionException()
        : this(string.Empty, ExpectedVersion.Any, 0)
    {
    }

    public WrongExpectedVersionException(string message)
        : base(message)
    {
        StreamId = string.Empty;
    }

    public WrongExpectedVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
        StreamId = string.Empty;
    }

    public string StreamId { get; }

    public ExpectedVersion Expected { get; }

    public long Actual { get; }
}
