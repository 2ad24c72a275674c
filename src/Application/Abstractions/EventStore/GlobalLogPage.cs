namespace EventChat.Application.Abstractions.EventStore;

/// <summary>
/// A page of the global log. <see cref="NextPosition"/> is the position to read after next time:
/// the last event's position, or further when abandoned gaps were passed.
/// <see cref="WaitingOnGap"/> says the page stopped early at a gap that may still fill.
/// </summary>
public sealed record GlobalLogPage(IReadOnlyList<StoredEvent> Events, long NextPosition, bool WaitingOnGap);
