using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Tests.Support;

namespace EventChat.Domain.Tests.Accounts;

public sealed class UserDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.CreateVersion7();
    private static readonly DecisionSpec<User> Users = new(User.Initial, User.Evolve);

    private static UserRegistered Registered() => new(Id, "ann", "a@x.test", "ann", "bcrypt", "hash", Now);

    [Fact]
    public void Register_uses_the_username_as_nickname_when_none_is_given()
    {
        Users.Given()
            .When(user => UserDecisions.Register(user, Id, "ann", "ann@example.test", null, "bcrypt", "hash", isConfiguredAdmin: false, Now))
            .Then(new UserRegistered(Id, "ann", "ann@example.test", "ann", "bcrypt", "hash", Now))
            .Roles.Should().Equal(Roles.User);
    }

    [Fact]
    public void Register_of_a_configured_admin_grants_admin_in_the_same_append()
    {
        Users.Given()
            .When(user => UserDecisions.Register(user, Id, "root", "root@example.test", "Root", "bcrypt", "hash", isConfiguredAdmin: true, Now))
            .Then(new UserRegistered(Id, "root", "root@example.test", "Root", "bcrypt", "hash", Now), new UserRolesChanged(Id, [Roles.User, Roles.Admin], null, Now))
            .Roles.Should().Equal(Roles.User, Roles.Admin);
    }

    [Fact]
    public void Register_twice_is_rejected()
    {
        Users.Given(Registered())
            .When(user => UserDecisions.Register(user, Id, "ann", "a@x.test", null, "bcrypt", "hash", false, Now))
            .ThenRejects<RefusedException>()
            .Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public void Profile_change_records_only_what_changed()
    {
        Users.Given(Registered())
            .When(user => UserDecisions.ChangeProfile(user, "  Annie ", null, null, Now))
            .Then(new UserProfileChanged(Id, "Annie", null, null, Now))
            .Nickname.Should().Be("Annie");
    }

    [Fact]
    public void Profile_change_to_what_it_is_records_nothing()
    {
        Users.Given(Registered(), new UserProfileChanged(Id, null, "hello", null, Now))
            .When(user => UserDecisions.ChangeProfile(user, "ann", "hello", null, Now))
            .ThenNothing();
    }

    [Fact]
    public void Profile_change_of_a_user_that_does_not_exist_is_rejected()
    {
        Users.Given()
            .When(user => UserDecisions.ChangeProfile(user, "Annie", null, null, Now))
            .ThenRejects<RefusedException>()
            .Kind.Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public void Roles_always_keep_user_and_drop_unknown_names()
    {
        var admin = Guid.CreateVersion7();

        Users.Given(Registered())
            .When(user => UserDecisions.SetRoles(user, ["AUDITOR", "wizard"], admin, Now))
            .Then(new UserRolesChanged(Id, [Roles.User, Roles.Auditor], admin, Now));
    }

    [Fact]
    public void Roles_set_to_what_they_are_record_nothing()
    {
        Users.Given(Registered())
            .When(user => UserDecisions.SetRoles(user, ["user"], Guid.CreateVersion7(), Now))
            .ThenNothing();
    }

    [Fact]
    public void Username_claims_compare_case_insensitively_and_emails_are_hashed_out_of_stream_ids()
    {
        UniqueValueClaim.StreamFor(UniqueValueKinds.Username, "Ann_1").Id.Should().Be(UniqueValueClaim.StreamFor(UniqueValueKinds.Username, "ann_1").Id);
        var emailStream = UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "Ann@Example.test").Id;
        emailStream.Should().Be(UniqueValueClaim.StreamFor(UniqueValueKinds.Email, "ann@example.test").Id).And.NotContain("example");
    }
}
