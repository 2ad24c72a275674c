using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>
/// A unique value (a username or an email) was claimed by a user. One stream per value makes
/// uniqueness a stream-creation race that the event store's optimistic concurrency decides.
/// </summary>
[EventName("unique-value.claimed")]
public sealed record UniqueValueClaimed(string Kind, string Value, Guid OwnerId, DateTimeOffset ClaimedAt);

/// <summary>The claim was given back: a registration that failed on its other unique value.</summary>
[EventName("unique-value.released")]
public sealed record UniqueValueReleased(string Kind, string Value, Guid OwnerId, DateTimeOffset ReleasedAt);
