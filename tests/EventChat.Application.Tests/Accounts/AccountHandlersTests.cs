using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Accounts;
using EventChat.Application.Accounts.Login;
using EventChat.Application.Accounts.Refresh;
using EventChat.Application.Accounts.Register;
using EventChat.Application.Common;
using EventChat.Application.Common.Commands;
using EventChat.Application.Tests.Fakes;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;

namespace EventChat.Application.Tests.Accounts;

public sealed class AccountHandlersTests
{
    private readonly FakeEventStore _store = new();
    private readonly FixedClock _clock = new();
    private readonly FakeCurrentUser _caller = new();
    private readonly AccountsOptions _options = new(["root"], TimeSpan.FromDays(7));

    private EventMetadataFactory Metadata => new(_caller, new FixedCorrelation());

    private CommandRunner Commands => new(_store, Metadata);

    private RegisterUserHandler Register => new(Commands, new PlainPasswordHasher(), _clock, _options);

    private LoginHandler Login => new(Commands, _store, new PlainPasswordHasher(), new FakeTokenIssuer(), _clock, _caller, _options);

    private RefreshTokensHandler Refresh => new(Commands, new FakeTokenIssuer(), _clock, _caller, _options);

    [Fact]
    public async Task Register_refused_for_a_taken_email_writes_nothing()
    {
        await Register.Handle(new RegisterUserCommand("ann", "shared@example.test", "password1", null), CancellationToken.None);
        var eventsBefore = _store.All.Count;

        var clash = () => Register.Handle(new RegisterUserCommand("bob", "SHARED@example.test", "password1", null), CancellationToken.None).AsTask();

        (await clash.Should().ThrowAsync<RefusedException>().WithMessage("*email*")).Which.Kind.Should().Be(ErrorKind.Conflict);
        _store.All.Should().HaveCount(eventsBefore, "a refused registration claims nothing");
        (await Register.Handle(new RegisterUserCommand("bob", "bob@example.test", "password1", null), CancellationToken.None)).Value.Username.Should().Be("bob");
    }

    [Fact]
    public async Task Register_racing_another_for_the_same_username_runs_again_and_gets_409()
    {
        // Another sign-up takes "ann" between our read of the claim and our append.
        _store.BeforeAppend = async _ => await Register.Handle(new RegisterUserCommand("ANN", "other@example.test", "password1", null), CancellationToken.None);

        var ours = () => Register.Handle(new RegisterUserCommand("ann", "ann@example.test", "password1", null), CancellationToken.None).AsTask();

        (await ours.Should().ThrowAsync<RefusedException>().WithMessage("*username*")).Which.Kind.Should().Be(ErrorKind.Conflict);
        _store.All.Select(e => e.Data).OfType<UserRegistered>().Should().ContainSingle().Which.Email.Should().Be("other@example.test");
        _store.EventsOf(UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "ann@example.test").Id).Should().BeEmpty();
    }

    [Fact]
    public async Task Register_of_a_name_in_ADMIN_USERNAMES_grants_admin_and_metadata_names_the_new_user()
    {
        var registered = (await Register.Handle(new RegisterUserCommand("Root", "root@example.test", "password1", "The Root"), CancellationToken.None)).Value;

        var events = _store.All.Where(e => e.StreamId == $"user-{registered.Id}").ToList();
        events.Select(e => e.Data).OfType<UserRolesChanged>().Single().Roles.Should().Equal(Roles.User, Roles.Admin);
        events.Should().AllSatisfy(e => e.Metadata.Should().Be(new EventMetadata(registered.Id.ToString(), "corr-test", e.Metadata.CausationId, "203.0.113.7", "tests")));
        ((UserRegistered)events[0].Data).PasswordHash.Should().Be("hashed:password1");
    }

    [Fact]
    public async Task Refresh_racing_with_another_refresh_of_the_same_token_counts_as_reuse_and_revokes_the_session()
    {
        await Register.Handle(new RegisterUserCommand("ann", "ann@example.test", "password1", null), CancellationToken.None);
        var tokens = (await Login.Handle(new LoginCommand("ann", "password1"), CancellationToken.None)).Value;
        var sessionStream = new SessionId(RefreshTokens.SessionIdOf(tokens.RefreshToken)!.Value).Stream.Id;

        // Another device refreshes with the same token between our read and our append.
        _store.BeforeAppend = async _ => await Refresh.Handle(new RefreshTokensCommand(tokens.RefreshToken), CancellationToken.None);
        var ours = () => Refresh.Handle(new RefreshTokensCommand(tokens.RefreshToken), CancellationToken.None).AsTask();

        (await ours.Should().ThrowAsync<RefusedException>()).Which.Kind.Should().Be(ErrorKind.Unauthorized);
        _store.EventsOf(sessionStream).Select(e => e.GetType()).Should().Equal(
            typeof(SessionStarted), typeof(RefreshTokenRotated), typeof(RefreshTokenReuseDetected), typeof(SessionEnded));
    }

    [Fact]
    public async Task Login_failures_are_recorded_on_the_user_or_on_the_daily_unknown_user_stream()
    {
        var ann = (await Register.Handle(new RegisterUserCommand("ann", "ann@example.test", "password1", null), CancellationToken.None)).Value;

        var wrong = () => Login.Handle(new LoginCommand("ann", "nope-nope"), CancellationToken.None).AsTask();
        var unknown = () => Login.Handle(new LoginCommand("nobody", "nope-nope"), CancellationToken.None).AsTask();

        (await wrong.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Be(LoginHandler.InvalidCredentials);
        (await unknown.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Be(LoginHandler.InvalidCredentials);
        _store.EventsOf($"login-failures-{ann.Id}").OfType<UserLoginFailed>().Should().ContainSingle();
        _store.EventsOf($"user-{ann.Id}").OfType<UserLoginFailed>().Should().BeEmpty("the user stream stays as small as the user's own changes");
        _store.EventsOf("auth-failures-20261125").OfType<LoginFailedForUnknownUser>().Should().ContainSingle()
            .Which.LoginHash.Should().NotContain("nobody");
    }
}
