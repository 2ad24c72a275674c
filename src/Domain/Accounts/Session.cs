namespace EventChat.Domain.Accounts;

/// <summary>A login's refresh-token family, folded from its stream.</summary>
public sealed record Session(
    Guid Id,
    Guid UserId,
    string CurrentTokenHash,
    IReadOnlySet<string> UsedTokenHashes,
    DateTimeOffset ExpiresAt,
    string? EndedReason)
{
    public static Session Initial { get; } = new(Guid.Empty, Guid.Empty, string.Empty, new HashSet<string>(), default, null);

    public bool Exists => Id != Guid.Empty;

    public bool IsActive(DateTimeOffset now) => Exists && EndedReason is null && now < ExpiresAt;

    public static Session Evolve(Session state, object @event) => @event switch
    {
        SessionStarted e => new Session(e.SessionId, e.UserId, e.RefreshTokenHash, new HashSet<string>(), e.ExpiresAt, null),
        RefreshTokenRotated e => state with
        {
            CurrentTokenHash = e.NewTokenHash,
            UsedTokenHashes = new HashSet<string>(state.UsedTokenHashes) { e.PreviousTokenHash },
            ExpiresAt = e.ExpiresAt,
        },
        SessionEnded e => state with { EndedReason = e.Reason },
        _ => state,
    };
}
