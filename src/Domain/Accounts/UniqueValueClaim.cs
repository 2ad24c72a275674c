using EventChat.Domain.Common;

namespace EventChat.Domain.Accounts;

/// <summary>State of one unique value's claim stream.</summary>
public sealed record UniqueValueClaim(Guid? OwnerId, DateTimeOffset ClaimedAt)
{
    public static UniqueValueClaim Initial { get; } = new(null, default);

    /// <summary>
    /// A claim whose registration never completed (the process died between the claim and the user's
    /// first event) stops blocking the value after this long.
    /// </summary>
    public static readonly TimeSpan OrphanAfter = TimeSpan.FromMinutes(2);

    public bool IsClaimed => OwnerId is not null;

    public static UniqueValueClaim Evolve(UniqueValueClaim state, object @event) => @event switch
    {
        UniqueValueClaimed e => new UniqueValueClaim(e.OwnerId, e.ClaimedAt),
        UniqueValueReleased => Initial,
        _ => state,
    };

    /// <summary>
    /// Stream id of a value's claim: the value's uniqueness key (<see cref="UserText.UsernameKey"/>,
    /// <see cref="UserText.NormalizeEmail"/>: NFKC, trimmed, case-folded), so look-alikes claim the same stream;
    /// emails are hashed to keep them out of ids.
    /// </summary>
    public static StreamName StreamFor(string kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalized = kind == UniqueValueKinds.Username ? UserText.UsernameKey(value) : UserText.NormalizeEmail(value);
        var type = $"unique-{kind}";
        if (kind == UniqueValueKinds.Username)
        {
            return new(type, $"{type}-{normalized}");
        }

        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalized)));
        return new(type, $"{type}-{hash.ToLowerInvariant()}");
    }
}

public static class UniqueValueKinds
{
    public const string Username = "username";
    public const string Email = "email";
}
