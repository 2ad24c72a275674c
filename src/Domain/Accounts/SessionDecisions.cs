namespace EventChat.Domain.Accounts;

/// <summary>What presenting a refresh token to a session means.</summary>
public enum RefreshOutcome
{
    /// <summary>The current token: rotate it.</summary>
    Rotate,

    /// <summary>A token this session already rotated away: theft. Revoke the whole family.</summary>
    ReuseDetected,

    /// <summary>Unknown token, ended or expired session: refuse without changing anything.</summary>
    Refuse,
}

/// <summary>Pure decisions of the session aggregate.</summary>
public static class SessionDecisions
{
    public static RefreshOutcome Classify(Session state, string presentedTokenHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists)
        {
            return RefreshOutcome.Refuse;
        }

        if (state.UsedTokenHashes.Contains(presentedTokenHash))
        {
            // Reuse is theft even after logout or expiry, but only a live session has anything to revoke.
            return state.EndedReason is null ? RefreshOutcome.ReuseDetected : RefreshOutcome.Refuse;
        }

        return state.IsActive(now) && state.CurrentTokenHash == presentedTokenHash ? RefreshOutcome.Rotate : RefreshOutcome.Refuse;
    }

    public static IReadOnlyList<object> Rotate(Session state, string newTokenHash, DateTimeOffset newExpiry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [new RefreshTokenRotated(state.Id, state.CurrentTokenHash, newTokenHash, newExpiry, now)];
    }

    public static IReadOnlyList<object> RevokeForReuse(Session state, string presentedTokenHash, string? clientIp, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return
        [
            new RefreshTokenReuseDetected(state.Id, state.UserId, presentedTokenHash, clientIp, now),
            new SessionEnded(state.Id, SessionEndReasons.TokenReuse, now),
        ];
    }

    public static IReadOnlyList<object> Logout(Session state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.EndedReason is null ? [new SessionEnded(state.Id, SessionEndReasons.Logout, now)] : [];
    }
}

public static class SessionEndReasons
{
    public const string Logout = "logout";
    public const string TokenReuse = "refresh-token-reuse";
}
