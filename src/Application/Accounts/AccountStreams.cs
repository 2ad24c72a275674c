using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;

namespace EventChat.Application.Accounts;

/// <summary>The streams of the accounts feature, named from their typed ids.</summary>
public static class AccountStreams
{
    public static StreamName Stream(this UserId id) => new(StreamTypes.User, id.StreamId);

    public static StreamName Session(Guid sessionId) => new(StreamTypes.Session, Domain.Accounts.Session.StreamIdFor(sessionId));

    public static StreamName LoginFailures(UserId id) => new(StreamTypes.LoginFailures, $"login-failures-{id.Value:D}");
}
