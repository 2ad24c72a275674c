using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common;
using EventChat.Domain.Users;

namespace EventChat.Application.Accounts;

/// <summary>
/// Claims and resolves unique values (usernames, emails) through one event stream per value, so
/// that two concurrent registrations of one name race on creating the same stream and exactly one wins.
/// </summary>
public sealed class UniqueValueClaims(IEventStore store, IClock clock, EventMetadataFactory metadata)
{
    /// <summary>Claims <paramref name="value"/> for <paramref name="ownerId"/>; false when someone else holds it.</summary>
    public async Task<(bool Claimed, long Version)> TryClaimAsync(string kind, string value, Guid ownerId, CancellationToken cancellationToken)
    {
        var streamId = UniqueValueClaim.StreamIdFor(kind, value);
        var (state, version) = await store.AggregateStreamAsync(streamId, UniqueValueClaim.Initial, UniqueValueClaim.Evolve, cancellationToken: cancellationToken);
        if (state.IsClaimed && !await IsOrphanAsync(state, kind, value, cancellationToken))
        {
            return (false, version);
        }

        try
        {
            var result = await store.AppendAsync(
                new StreamName(TypeOf(kind), streamId),
                metadata.Wrap([new UniqueValueClaimed(kind, value, ownerId, clock.UtcNow)], ownerId),
                ExpectedVersion.Exactly(version),
                cancellationToken);
            return (true, result.NextExpectedVersion);
        }
        catch (WrongExpectedVersionException)
        {
            return (false, version);
        }
    }

    /// <summary>
    /// Gives a claim back (a registration that failed after claiming). Best effort: when the store
    /// cannot be reached the claim stays, and <see cref="UniqueValueClaim.OrphanAfter"/> frees it later.
    /// </summary>
    public async Task TryReleaseAsync(string kind, string value, Guid ownerId, long claimVersion)
    {
        try
        {
            await store.AppendAsync(
                new StreamName(TypeOf(kind), UniqueValueClaim.StreamIdFor(kind, value)),
                metadata.Wrap([new UniqueValueReleased(kind, value, ownerId, clock.UtcNow)], ownerId),
                ExpectedVersion.Exactly(claimVersion),
                CancellationToken.None);
        }
        catch (WrongExpectedVersionException)
        {
            // Someone took the claim over already; nothing of ours is left to release.
        }
#pragma warning disable CA1031 // The caller is already failing with its own exception; this one must not replace it.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>The user who holds <paramref name="value"/>, or null. The caller loads that user: a claim whose registration never completed names a user without events.</summary>
    public async Task<Guid?> ResolveOwnerAsync(string kind, string value, CancellationToken cancellationToken)
    {
        var (state, _) = await store.AggregateStreamAsync(
            UniqueValueClaim.StreamIdFor(kind, value), UniqueValueClaim.Initial, UniqueValueClaim.Evolve, cancellationToken: cancellationToken);
        return state.OwnerId;
    }

    private async Task<bool> IsOrphanAsync(UniqueValueClaim state, string kind, string value, CancellationToken cancellationToken)
    {
        if (clock.UtcNow - state.ClaimedAt < UniqueValueClaim.OrphanAfter)
        {
            return false;
        }

        // A claim whose registration never wrote the user (the process died in between) stops blocking the value.
        var (owner, _) = await store.AggregateStreamAsync(new UserId(state.OwnerId!.Value).StreamId, User.Initial, User.Evolve, cancellationToken: cancellationToken);
        return !owner.Exists || !string.Equals(kind == UniqueValueKinds.Username ? owner.Username : owner.Email, value, StringComparison.OrdinalIgnoreCase);
    }

    private static string TypeOf(string kind) => kind == UniqueValueKinds.Username ? StreamTypes.UniqueUsername : StreamTypes.UniqueEmail;
}
