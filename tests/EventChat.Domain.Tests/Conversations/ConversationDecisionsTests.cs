using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Domain.Tests.Support;

namespace EventChat.Domain.Tests.Conversations;

public sealed class ConversationDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DecisionSpec<Conversation> Conversations = new(Conversation.Initial, Conversation.Evolve);
    private static readonly ConversationId Group = ConversationId.New();
    private static readonly Guid Owner = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();
    private static readonly Guid Cat = Guid.CreateVersion7();
    private static readonly Guid Dan = Guid.CreateVersion7();
    private static readonly Guid Stranger = Guid.CreateVersion7();

    private static GroupCreated Created() => new(Group.Value, Owner, "club", [Bob, Cat], Now);

    private static MessageSent Sent(Guid sender, DateTimeOffset at) => new(Group.Value, Guid.CreateVersion7(), sender, "c1", "text", "hi", null, null, at);

    [Fact]
    public void CreateGroup_makes_the_creator_owner_and_drops_duplicates_and_the_creator_from_the_members()
    {
        Conversations.Given()
            .When(s => ConversationDecisions.CreateGroup(s, Group, Owner, "  club ", [Bob, Cat, Bob, Owner], new HashSet<Guid> { Bob, Cat }, Now))
            .Then(Created())
            .RoleOf(Owner).Should().Be(ConversationRoles.Owner);
    }

    [Fact]
    public void CreateGroup_with_someone_who_is_not_a_friend_is_forbidden()
    {
        Conversations.Given()
            .When(s => ConversationDecisions.CreateGroup(s, Group, Owner, "club", [Bob, Stranger], new HashSet<Guid> { Bob }, Now))
            .ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Forbidden);
    }

    [Fact]
    public void AddMembers_beyond_500_is_a_conflict()
    {
        var many = Enumerable.Range(0, 498).Select(_ => Guid.CreateVersion7()).ToArray();
        var state = Conversations.Given(new GroupCreated(Group.Value, Owner, "big", many, Now));
        state.When(s => ConversationDecisions.AddMembers(s, Owner, [Bob], new HashSet<Guid> { Bob, Cat }, Now))
            .Then(new GroupMembersAdded(Group.Value, Owner, [Bob], Now));
        state.When(s => ConversationDecisions.AddMembers(s, Owner, [Bob, Cat], new HashSet<Guid> { Bob, Cat }, Now))
            .ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public void A_plain_member_cannot_rename_add_or_remove_and_a_non_member_is_not_found()
    {
        var state = Conversations.Given(Created());
        state.When(s => ConversationDecisions.Update(s, Bob, "mine", null, Now)).ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Forbidden);
        state.When(s => ConversationDecisions.AddMembers(s, Bob, [Dan], new HashSet<Guid> { Dan }, Now)).ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Forbidden);
        state.When(s => ConversationDecisions.RemoveMember(s, Bob, Cat, Now)).ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Forbidden);
        state.When(s => ConversationDecisions.RemoveMember(s, Stranger, Cat, Now)).ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public void The_owner_leaving_passes_ownership_to_the_longest_standing_admin_else_member()
    {
        Conversations.Given(Created(), new GroupMembersAdded(Group.Value, Owner, [Dan], Now.AddMinutes(1)), new GroupMemberRoleChanged(Group.Value, Dan, ConversationRoles.Admin, Owner, Now))
            .When(s => ConversationDecisions.RemoveMember(s, Owner, Owner, Now))
            .Then(new GroupMemberLeft(Group.Value, Owner, Now), new GroupOwnershipPassed(Group.Value, Owner, Dan, Now))
            .RoleOf(Dan).Should().Be(ConversationRoles.Owner);

        Conversations.Given(Created())
            .When(s => ConversationDecisions.Leave(s, Owner, Now))
            .Then(new GroupMemberLeft(Group.Value, Owner, Now), new GroupOwnershipPassed(Group.Value, Owner, Bob, Now));
    }

    [Fact]
    public void The_last_member_leaving_ends_the_group()
    {
        Conversations.Given(new GroupCreated(Group.Value, Owner, "alone", [], Now))
            .When(s => ConversationDecisions.Leave(s, Owner, Now))
            .Then(new GroupMemberLeft(Group.Value, Owner, Now), new GroupEnded(Group.Value, Now))
            .IsMember(Owner).Should().BeFalse();
    }

    [Fact]
    public void Recall_by_the_sender_within_two_minutes_or_an_admin_any_time_and_twice_is_nothing()
    {
        var state = Conversations.Given(Created(), new GroupMemberRoleChanged(Group.Value, Bob, ConversationRoles.Admin, Owner, Now));
        var message = Sent(Cat, Now);
        state.When(s => ConversationDecisions.Recall(s, Cat, 1, message, Now.AddMinutes(2)))
            .Then(new MessageRecalled(Group.Value, 1, message.MessageId, Cat, Cat, Now.AddMinutes(2)));
        state.When(s => ConversationDecisions.Recall(s, Cat, 1, message, Now.AddMinutes(2).AddTicks(1)))
            .ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Conflict);
        state.When(s => ConversationDecisions.Recall(s, Bob, 1, message, Now.AddDays(1)))
            .Then(new MessageRecalled(Group.Value, 1, message.MessageId, Cat, Bob, Now.AddDays(1)));
        state.When(s => ConversationDecisions.Recall(s, Cat, 2, Sent(Owner, Now), Now))
            .ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Forbidden);
        Conversations.Given(Created(), new MessageRecalled(Group.Value, 1, message.MessageId, Cat, Cat, Now))
            .When(s => ConversationDecisions.Recall(s, Owner, 1, message, Now))
            .ThenNothing();
    }

    [Fact]
    public void Read_markers_only_move_forward_and_not_beyond_the_last_message()
    {
        var state = Conversations.Given(Created());
        state.When(s => ConversationDecisions.MarkRead(s, Bob, 3, 5, 7, Now)).Then(new ConversationRead(Group.Value, Bob, 5, Now));
        state.When(s => ConversationDecisions.MarkRead(s, Bob, 3, 3, 7, Now)).ThenNothing();
        state.When(s => ConversationDecisions.MarkRead(s, Bob, 3, 8, 7, Now)).ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Validation);
        state.When(s => ConversationDecisions.MarkRead(s, Stranger, 0, 1, 7, Now)).ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public void Direct_start_is_for_friends_once_and_a_blocked_partner_cannot_send()
    {
        var (ann, bob) = (new UserId(Owner), new UserId(Bob));
        var id = ConversationId.ForDirect(ann, bob);
        var (first, second) = Owner.CompareTo(Bob) < 0 ? (Owner, Bob) : (Bob, Owner);
        var started = new DirectConversationStarted(id.Value, first, second, Now);
        Conversations.Given().When(s => ConversationDecisions.StartDirect(s, id, Owner, Bob, areFriends: true, Now)).Then(started);
        Conversations.Given(started).When(s => ConversationDecisions.StartDirect(s, id, Bob, Owner, areFriends: true, Now)).ThenNothing();
        Conversations.Given().When(s => ConversationDecisions.StartDirect(s, id, Owner, Bob, areFriends: false, Now))
            .ThenRejects<RefusedException>().Kind.Should().Be(ErrorKind.Forbidden);

        var state = Conversations.Given(started).State;
        var blocked = () => ConversationDecisions.EnsureCanSend(state, Owner, blocked: true);
        blocked.Should().Throw<RefusedException>().Which.Kind.Should().Be(ErrorKind.Forbidden);
        var stranger = () => ConversationDecisions.EnsureCanSend(state, Stranger, blocked: false);
        stranger.Should().Throw<RefusedException>().Which.Kind.Should().Be(ErrorKind.NotFound);
    }
}
