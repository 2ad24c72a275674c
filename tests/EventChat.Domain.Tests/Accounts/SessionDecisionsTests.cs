using EventChat.Domain.Accounts;
using EventChat.Domain.Tests.Support;

namespace EventChat.Domain.Tests.Accounts;

public sealed class SessionDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid SessionId = Guid.CreateVersion7();
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly DecisionSpec<Session> Sessions = new(Session.Initial, Session.Evolve);

    private static SessionStarted Started(string hash = "h1") => new(SessionId, UserId, hash, Now.AddDays(7), null, null, Now);

    private static RefreshTokenRotated Rotated(string from, string to) => new(SessionId, from, to, Now.AddDays(7), Now);

    [Fact]
    public void Current_token_of_a_live_session_is_rotated()
    {
        Sessions.Given(Started("h1")).When(s => SessionDecisions.Classify(s, "h1", Now)).Then(RefreshOutcome.Rotate);
        Sessions.Given(Started("h1"))
            .When(s => SessionDecisions.Rotate(s, "h2", Now.AddDays(7), Now))
            .Then(Rotated("h1", "h2"))
            .CurrentTokenHash.Should().Be("h2");
    }

    [Fact]
    public void Rotated_away_token_presented_again_is_reuse_and_revokes_the_session()
    {
        var history = new object[] { Started("h1"), Rotated("h1", "h2") };

        Sessions.Given(history).When(s => SessionDecisions.Classify(s, "h1", Now)).Then(RefreshOutcome.ReuseDetected);
        var revoked = Sessions.Given(history)
            .When(s => SessionDecisions.RevokeForReuse(s, "h1", "10.0.0.1", Now))
            .Then(new RefreshTokenReuseDetected(SessionId, UserId, "h1", "10.0.0.1", Now), new SessionEnded(SessionId, SessionEndReasons.TokenReuse, Now));
        SessionDecisions.Classify(revoked, "h2", Now).Should().Be(RefreshOutcome.Refuse, "the newest token of a revoked family stops working too");
    }

    [Fact]
    public void Expired_unknown_or_never_issued_tokens_are_refused()
    {
        Sessions.Given(Started("h1")).When(s => SessionDecisions.Classify(s, "h1", Now.AddDays(8))).Then(RefreshOutcome.Refuse, "the session expired");
        Sessions.Given(Started("h1")).When(s => SessionDecisions.Classify(s, "other", Now)).Then(RefreshOutcome.Refuse, "the token is unknown");
        Sessions.Given().When(s => SessionDecisions.Classify(s, "h1", Now)).Then(RefreshOutcome.Refuse, "there is no session");
    }

    [Fact]
    public void Logout_ends_the_session_and_its_tokens()
    {
        var loggedOut = Sessions.Given(Started("h1"))
            .When(s => SessionDecisions.Logout(s, Now))
            .Then(new SessionEnded(SessionId, SessionEndReasons.Logout, Now));

        SessionDecisions.Classify(loggedOut, "h1", Now).Should().Be(RefreshOutcome.Refuse);
    }

    [Fact]
    public void Logout_twice_changes_nothing()
    {
        Sessions.Given(Started("h1"), new SessionEnded(SessionId, SessionEndReasons.Logout, Now))
            .When(s => SessionDecisions.Logout(s, Now))
            .ThenNothing();
    }

    [Fact]
    public void Reuse_of_a_rotated_token_after_logout_is_refused_without_revoking_again()
    {
        Sessions.Given(Started("h1"), Rotated("h1", "h2"), new SessionEnded(SessionId, SessionEndReasons.Logout, Now))
            .When(s => SessionDecisions.Classify(s, "h1", Now))
            .Then(RefreshOutcome.Refuse, "an ended session has nothing left to revoke");
    }
}
