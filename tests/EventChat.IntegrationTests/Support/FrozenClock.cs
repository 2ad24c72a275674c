using EventChat.Application.Abstractions;

namespace EventChat.IntegrationTests.Support;

/// <summary>A clock that moves only when a test moves it.</summary>
public sealed class FrozenClock : IClock
{
    public DateTimeOffset Now { get; set; } = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    public DateTimeOffset UtcNow => Now;
}
