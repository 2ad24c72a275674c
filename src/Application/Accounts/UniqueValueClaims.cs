using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;

namespace EventChat.Application.Accounts;

/// <summary>
/// Unique values (usernames, emails) are claimed through one event stream per value
/// (<see cref="UniqueValueClaim.StreamFor"/>), written in the same atomic append as the user (see
/// <see cref="Register.RegisterUserHandler"/>), so a claim never exists without its user. Login resolves
/// names through them: consistent right after sign-up.
/// </summary>
public static class UniqueValueClaims
{
    /// <summary>The user who holds <paramref name="value"/>, or null.</summary>
    public static async Task<Guid?> ResolveClaimOwnerAsync(this IEventStore store, string kind, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (state, _) = await store.AggregateStreamAsync(
            UniqueValueClaim.StreamFor(kind, value).Id, UniqueValueClaim.Initial, UniqueValueClaim.Evolve, cancellationToken: cancellationToken);
        return state.OwnerId;
    }
}
