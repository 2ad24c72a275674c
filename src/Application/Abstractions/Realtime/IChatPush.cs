namespace EventChat.Application.Abstractions.Realtime;

/// <summary>
/// Pushes to connected clients, whichever Api instance holds their connections (the SignalR Redis backplane):
/// the port the push projections and the hub use. A push is fire-and-forget for the client: a user with no live
/// connection gets nothing and catches up over REST (see the README).
/// </summary>
public interface IChatPush
{
    /// <summary>
    /// Calls <paramref name="method"/> (one of <see cref="ChatMethods"/>) on every connection of each user. Pushes are
    /// delivered in the order they were handed over, also when the caller hands over the next before this task ends;
    /// the task ends when the push is on its way to every instance. <paramref name="userIds"/> must not change after it
    /// is handed over: the same collection handed over again may be answered from what was made of it the first time.
    /// </summary>
    Task SendAsync(IReadOnlyCollection<Guid> userIds, string method, object payload, CancellationToken cancellationToken);

    /// <summary>Closes every connection opened with an access token of the session, on every instance (logout, token theft).</summary>
    Task EndSessionAsync(Guid sessionId, CancellationToken cancellationToken);
}
