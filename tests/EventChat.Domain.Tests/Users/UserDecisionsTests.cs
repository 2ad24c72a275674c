using EventChat.Domain.Users;

namespace EventChat.Domain.Tests.Users;

public sealed class UserDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.CreateVersion7();

    private static User Given(params object[] events) => events.Aggregate(User.Initial, User.Evolve);

    [Fact]
    public void Register_uses_the_username_as_nickname_when_none_is_given()
    {
        var events = UserDecisions.Register(User.Initial, Id, "ann", "ann@example.test", null, "hash", isConfiguredAdmin: false, Now);

        events.Should().Equal(new UserRegistered(Id, "ann", "ann@example.test", "ann", "hash", Now));
        Given([.. events]).Roles.Should().Equal(Roles.User);
    }

    [Fact]
    public void Register_of_a_configured_admin_grants_admin_in_the_same_append()
    {
        var events = UserDecisions.Register(User.Initial, Id, "root", "root@example.test", "Root", "hash", isConfiguredAdmin: true, Now);

        Given([.. events]).Roles.Should().Equal(Roles.User, Roles.Admin);
    }

    [Fact]
    public void Register_twice_is_rejected()
    {
        var user = Given(new UserRegistered(Id, "ann", "a@x.test", "ann", "hash", Now));

        var again = () => UserDecisions.Register(user, Id, "ann", "a@x.test", null, "hash", false, Now);

        again.Should().Throw<RefusedException>().Which.Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public void Profile_change_records_only_what_changed_and_nothing_when_nothing_did()
    {
        var user = Given(new UserRegistered(Id, "ann", "a@x.test", "ann", "hash", Now));

        UserDecisions.ChangeProfile(user, "  Annie ", null, null, Now).Should().Equal(new UserProfileChanged(Id, "Annie", null, null, Now));
        UserDecisions.ChangeProfile(user, "ann", null, null, Now).Should().BeEmpty();
    }

    [Fact]
    public void Roles_always_keep_user_and_drop_unknown_names()
    {
        var user = Given(new UserRegistered(Id, "ann", "a@x.test", "ann", "hash", Now));
        var admin = Guid.CreateVersion7();

        var events = UserDecisions.SetRoles(user, ["AUDITOR", "wizard"], admin, Now);

        // Records holding lists compare the lists by reference, so compare structurally.
        events.Should().ContainSingle().Which.Should().BeEquivalentTo(new UserRolesChanged(Id, [Roles.User, Roles.Auditor], admin, Now));
        UserDecisions.SetRoles(Given(new UserRegistered(Id, "ann", "a@x.test", "ann", "hash", Now)), ["user"], admin, Now).Should().BeEmpty();
    }

    [Fact]
    public void Username_claims_compare_case_insensitively_and_emails_are_hashed_out_of_stream_ids()
    {
        UniqueValueClaim.StreamIdFor(UniqueValueKinds.Username, "Ann_1").Should().Be(UniqueValueClaim.StreamIdFor(UniqueValueKinds.Username, "ann_1"));
        var emailStream = UniqueValueClaim.StreamIdFor(UniqueValueKinds.Email, "Ann@Example.test");
        emailStream.Should().Be(UniqueValueClaim.StreamIdFor(UniqueValueKinds.Email, "ann@example.test")).And.NotContain("example");
    }
}
