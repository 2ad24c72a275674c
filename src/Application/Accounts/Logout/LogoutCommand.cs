using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Accounts.Refresh;
using EventChat.Application.Common;
using EventChat.Application.Common.Errors;
using EventChat.Domain.Sessions;
using Mediator;

namespace EventChat.Application.Accounts.Logout;

/// <summary>Ends the login that issued <paramref name="RefreshToken"/>: its refresh tokens stop working.</summary>
public sealed record LogoutCommand(string RefreshToken) : ICommand<long>;

public sealed class LogoutHandler(IEventStore store, IClock clock, ICurrentUser caller, EventMetadataFactory metadata) : ICommandHandler<LogoutCommand, long>
{
    public async ValueTask<long> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sessionId = RefreshTokens.SessionIdOf(command.RefreshToken) ?? throw new UnauthorizedException(RefreshTokensHandler.InvalidToken);
        var stream = new StreamName(StreamTypes.Session, Session.StreamIdFor(sessionId));
        var (session, version) = await store.AggregateStreamAsync(stream.Id, Session.Initial, Session.Evolve, cancellationToken: cancellationToken);
        var hash = RefreshTokens.Hash(command.RefreshToken);
        var belongsToSession = session.CurrentTokenHash == hash || session.UsedTokenHashes.Contains(hash);
        if (!session.Exists || session.UserId != caller.UserId || !belongsToSession)
        {
            // Someone else's or a made-up token: indistinguishable from an invalid one.
            throw new UnauthorizedException(RefreshTokensHandler.InvalidToken);
        }

        var events = SessionDecisions.Logout(session, clock.UtcNow);
        if (events.Count == 0)
        {
            return 0;
        }

        // Any: a concurrent rotation must not make logout fail; the session ends either way.
        var result = await store.AppendAsync(stream, metadata.Wrap(events), ExpectedVersion.Any, cancellationToken);
        return result.LastPosition;
    }
}
