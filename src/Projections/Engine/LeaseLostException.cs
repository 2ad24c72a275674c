namespace EventChat.Projections.Engine;

/// <summary>Another instance owns the projection now (our lease connection died or the checkpoint moved under us).</summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
