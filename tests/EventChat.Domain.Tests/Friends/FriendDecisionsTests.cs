using EventChat.Domain.Common;
using EventChat.Domain.Friends;
using EventChat.Domain.Tests.Support;

namespace EventChat.Domain.Tests.Friends;

public sealed class FriendDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Ann = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();
    private static readonly Guid Cat = Guid.CreateVersion7();
    private static readonly Guid RequestId = Guid.CreateVersion7();
    private static readonly Guid ConversationId = Guid.CreateVersion7();
    private static readonly DecisionSpec<Friendship> Pair = new(Friendship.Initial, Friendship.Evolve);

    private static FriendRequestSent Sent(Guid? id = null) => new(id ?? RequestId, Ann, Bob, "hi", Now);

    private static FriendRequestAccepted Accepted() => new(RequestId, Ann, Bob, ConversationId, Now);

    private static ErrorKind Refusal(WhenDecision<Friendship> when) => when.ThenRejects<RefusedException>().Kind;

    [Fact]
    public void Send_records_the_request_as_pending()
    {
        Pair.Given()
            .When(s => FriendDecisions.SendRequest(s, RequestId, Ann, Bob, "hi", Now))
            .Then(Sent())
            .Pending!.Id.Should().Be(RequestId);
    }

    [Fact]
    public void Send_to_self_is_a_validation_error() =>
        Refusal(Pair.Given().When(s => FriendDecisions.SendRequest(s, RequestId, Ann, Ann, "", Now))).Should().Be(ErrorKind.Validation);

    [Fact]
    public void Send_while_a_request_is_pending_either_way_is_a_conflict()
    {
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.SendRequest(s, Guid.CreateVersion7(), Ann, Bob, "", Now))).Should().Be(ErrorKind.Conflict);
        Pair.Given(Sent()).When(s => FriendDecisions.SendRequest(s, Guid.CreateVersion7(), Bob, Ann, "", Now))
            .ThenRejects<RefusedException>().Message.Should().Contain("accept theirs");
    }

    [Fact]
    public void Send_to_a_friend_is_a_conflict() =>
        Refusal(Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.SendRequest(s, Guid.CreateVersion7(), Bob, Ann, "", Now))).Should().Be(ErrorKind.Conflict);

    [Fact]
    public void Send_when_either_side_blocks_is_forbidden()
    {
        Refusal(Pair.Given(new UserBlocked(Bob, Ann, Now)).When(s => FriendDecisions.SendRequest(s, RequestId, Ann, Bob, "", Now))).Should().Be(ErrorKind.Forbidden);
        Refusal(Pair.Given(new UserBlocked(Ann, Bob, Now)).When(s => FriendDecisions.SendRequest(s, RequestId, Ann, Bob, "", Now))).Should().Be(ErrorKind.Forbidden);
    }

    [Fact]
    public void Send_after_a_rejection_or_an_unblock_is_allowed()
    {
        Pair.Given(Sent(), new FriendRequestRejected(RequestId, Ann, Bob, Now), new UserBlocked(Bob, Ann, Now), new UserUnblocked(Bob, Ann, Now))
            .When(s => FriendDecisions.SendRequest(s, Cat, Ann, Bob, "again", Now))
            .Then(new FriendRequestSent(Cat, Ann, Bob, "again", Now));
    }

    [Fact]
    public void Accept_by_the_recipient_makes_friends_with_the_conversation()
    {
        var state = Pair.Given(Sent()).When(s => FriendDecisions.Accept(s, RequestId, Bob, ConversationId, Now)).Then(Accepted());
        state.AreFriends.Should().BeTrue();
        state.ConversationId.Should().Be(ConversationId);
    }

    [Fact]
    public void Answering_is_for_the_recipient_the_sender_gets_403_and_a_third_user_404()
    {
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Accept(s, RequestId, Ann, ConversationId, Now))).Should().Be(ErrorKind.Forbidden);
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Reject(s, RequestId, Ann, Now))).Should().Be(ErrorKind.Forbidden);
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Accept(s, RequestId, Cat, ConversationId, Now))).Should().Be(ErrorKind.NotFound);
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Reject(s, RequestId, Cat, Now))).Should().Be(ErrorKind.NotFound);
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Accept(s, Guid.CreateVersion7(), Bob, ConversationId, Now))).Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public void Cancel_is_for_the_sender_the_recipient_gets_403_and_a_third_user_404()
    {
        Pair.Given(Sent()).When(s => FriendDecisions.Cancel(s, RequestId, Ann, Now))
            .Then(new FriendRequestCancelled(RequestId, Ann, Bob, FriendDecisions.CancelledBySender, Ann, Now));
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Cancel(s, RequestId, Bob, Now))).Should().Be(ErrorKind.Forbidden);
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Cancel(s, RequestId, Cat, Now))).Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public void A_request_no_longer_pending_cannot_be_accepted_rejected_or_cancelled()
    {
        Refusal(Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.Cancel(s, RequestId, Ann, Now))).Should().Be(ErrorKind.Conflict);
        Refusal(Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.Accept(s, RequestId, Bob, ConversationId, Now))).Should().Be(ErrorKind.Conflict);
        Refusal(Pair.Given(Sent(), new FriendRequestCancelled(RequestId, Ann, Bob, "cancelled", Ann, Now))
            .When(s => FriendDecisions.Reject(s, RequestId, Bob, Now))).Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public void Unfriend_ends_the_friendship_and_a_non_friend_is_404()
    {
        Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.Unfriend(s, Bob, Ann, Now))
            .Then(new FriendshipEnded(Bob, Ann, Now)).AreFriends.Should().BeFalse();
        Refusal(Pair.Given(Sent()).When(s => FriendDecisions.Unfriend(s, Ann, Bob, Now))).Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public void Remark_is_for_friends_and_the_same_remark_again_records_nothing()
    {
        Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.SetRemark(s, Ann, Bob, "Bobby", Now)).Then(new FriendRemarkSet(Ann, Bob, "Bobby", Now));
        Pair.Given(Sent(), Accepted(), new FriendRemarkSet(Ann, Bob, "Bobby", Now)).When(s => FriendDecisions.SetRemark(s, Ann, Bob, "Bobby", Now)).ThenNothing();
        Refusal(Pair.Given().When(s => FriendDecisions.SetRemark(s, Ann, Bob, "Bobby", Now))).Should().Be(ErrorKind.NotFound);
        Refusal(Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.SetRemark(s, Ann, Bob, new string('r', 65), Now))).Should().Be(ErrorKind.Validation);
    }

    [Fact]
    public void Block_cancels_a_pending_request_either_way_and_keeps_the_friendship()
    {
        Pair.Given(Sent()).When(s => FriendDecisions.Block(s, Bob, Ann, Now))
            .Then(new UserBlocked(Bob, Ann, Now), new FriendRequestCancelled(RequestId, Ann, Bob, FriendDecisions.CancelledByBlock, Bob, Now));
        Pair.Given(Sent()).When(s => FriendDecisions.Block(s, Ann, Bob, Now))
            .Then(new UserBlocked(Ann, Bob, Now), new FriendRequestCancelled(RequestId, Ann, Bob, FriendDecisions.CancelledByBlock, Ann, Now));
        Pair.Given(Sent(), Accepted()).When(s => FriendDecisions.Block(s, Ann, Bob, Now)).Then(new UserBlocked(Ann, Bob, Now)).AreFriends.Should().BeTrue();
    }

    [Fact]
    public void Block_twice_and_unblock_of_someone_not_blocked_record_nothing_and_self_is_400()
    {
        Pair.Given(new UserBlocked(Ann, Bob, Now)).When(s => FriendDecisions.Block(s, Ann, Bob, Now)).ThenNothing();
        Pair.Given(new UserBlocked(Bob, Ann, Now)).When(s => FriendDecisions.Unblock(s, Ann, Bob, Now)).ThenNothing();
        Pair.Given(new UserBlocked(Ann, Bob, Now), new UserBlocked(Bob, Ann, Now)).When(s => FriendDecisions.Unblock(s, Ann, Bob, Now))
            .Then(new UserUnblocked(Ann, Bob, Now)).IsBlocked.Should().BeTrue("bob still blocks ann");
        Refusal(Pair.Given().When(s => FriendDecisions.Block(s, Ann, Ann, Now))).Should().Be(ErrorKind.Validation);
    }
}
