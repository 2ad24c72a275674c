using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;

namespace EventChat.Application.Accounts;

/// <summary>
/// Unique values (usernames, emails) are claimed through one event stream per value, written in the
/// same atomic append as the user (see <see cref="Register.RegisterUserHandler"/>), so a claim never
/// exists without its user. Login resolves names through them: consistent right after sign-up.
/// </summary>
public sealed class UniqueValueClaims(IEventStore store)
{
    public static StreamName StreamOf(string kind, string value) =>
        new(kind == UniqueValueKinds.Username ? StreamTypes.UniqueUsername : StreamTypes.UniqueEmail, UniqueValueClaim.StreamIdFor(kind, value));

    /// <summary>The user who holds <paramref name="value"/>, or null.</summary>
    public async Task<Guid?> ResolveOwnerAsync(string kind, string value, CancellationToken cancellationToken)
    {
        var (state, _) = await store.AggregateStreamAsync(
            UniqueValueClaim.StreamIdFor(kind, value), UniqueValueClaim.Initial, UniqueValueClaim.Evolve, cancellationToken: cancellationToken);
        return state.OwnerId;
    }
}
