using EventChat.Domain.Sessions;

namespace EventChat.Domain.Tests.Sessions;

public sealed class SessionDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid SessionId = Guid.CreateVersion7();
    private static readonly Guid UserId = Guid.CreateVersion7();

    private static Session Given(params object[] events) => events.Aggregate(Session.Initial, Session.Evolve);

    private static SessionStarted Started(string hash = "h1") => new(SessionId, UserId, hash, Now.AddDays(7), null, null, Now);

    [Fact]
    public void Current_token_of_a_live_session_is_rotated()
    {
        var session = Given(Started("h1"));

        SessionDecisions.Classify(session, "h1", Now).Should().Be(RefreshOutcome.Rotate);
        var events = SessionDecisions.Rotate(session, "h2", Now.AddDays(7), Now);
        events.Should().Equal(new RefreshTokenRotated(SessionId, "h1", "h2", Now.AddDays(7), Now));
    }

    [Fact]
    public void Rotated_away_token_presented_again_is_reuse_and_revokes_the_session()
    {
        var session = Given(Started("h1"), new RefreshTokenRotated(SessionId, "h1", "h2", Now.AddDays(7), Now));

        SessionDecisions.Classify(session, "h1", Now).Should().Be(RefreshOutcome.ReuseDetected);
        var revoked = SessionDecisions.RevokeForReuse(session, "h1", "10.0.0.1", Now).Aggregate(session, Session.Evolve);
        SessionDecisions.Classify(revoked, "h2", Now).Should().Be(RefreshOutcome.Refuse, "the newest token of a revoked family stops working too");
    }

    [Fact]
    public void Expired_ended_or_unknown_tokens_are_refused_without_events()
    {
        var session = Given(Started("h1"));

        SessionDecisions.Classify(session, "h1", Now.AddDays(8)).Should().Be(RefreshOutcome.Refuse);
        SessionDecisions.Classify(session, "other", Now).Should().Be(RefreshOutcome.Refuse);
        SessionDecisions.Classify(Session.Initial, "h1", Now).Should().Be(RefreshOutcome.Refuse);
        var loggedOut = SessionDecisions.Logout(session, Now).Aggregate(session, Session.Evolve);
        SessionDecisions.Classify(loggedOut, "h1", Now).Should().Be(RefreshOutcome.Refuse);
        SessionDecisions.Logout(loggedOut, Now).Should().BeEmpty("logging out twice changes nothing");
    }
}
