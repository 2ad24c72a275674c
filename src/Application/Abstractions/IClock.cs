namespace EventChat.Application.Abstractions;

/// <summary>The current time, so decisions stay pure and tests can fix the clock.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}
