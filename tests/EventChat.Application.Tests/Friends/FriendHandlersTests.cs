using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Common;
using EventChat.Application.Common.Commands;
using EventChat.Application.Friends;
using EventChat.Application.Friends.AcceptFriendRequest;
using EventChat.Application.Friends.CancelFriendRequest;
using EventChat.Application.Tests.Fakes;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Domain.Friends;

namespace EventChat.Application.Tests.Friends;

public sealed class FriendHandlersTests
{
    private static readonly Guid Ann = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();
    private static readonly Guid RequestId = Guid.CreateVersion7();

    private readonly FakeEventStore _store = new();
    private readonly FixedClock _clock = new();
    private readonly FakeCurrentUser _bob = new() { UserId = Bob };
    private readonly FakeCurrentUser _ann = new() { UserId = Ann };
    private readonly FakeFriendReadModel _friends = new();
    private readonly FakeConsistency _consistency = new();

    private static FriendPair Pair => FriendPair.Of(new UserId(Ann), new UserId(Bob));

    private static ConversationId Conversation => ConversationId.ForDirect(new UserId(Ann), new UserId(Bob));

    private AcceptFriendRequestHandler AcceptAs(FakeCurrentUser caller) =>
        new(new CommandRunner(_store, new EventMetadataFactory(caller, new FixedCorrelation())), _store, _friends, _consistency, caller, _clock);

    private CancelFriendRequestHandler CancelAs(FakeCurrentUser caller) =>
        new(new CommandRunner(_store, new EventMetadataFactory(caller, new FixedCorrelation())), _friends, _consistency, caller, _clock);

    [Fact]
    public async Task Accept_of_a_request_not_projected_yet_waits_for_the_head_then_decides_on_the_pair_stream()
    {
        await SeedAsync(Pair.Stream, new FriendRequestSent(RequestId, Ann, Bob, "hi", _clock.UtcNow));
        _consistency.OnCatchUp = () => _friends.Request = View();

        var accepted = await AcceptAs(_bob).Handle(new AcceptFriendRequestCommand(RequestId), CancellationToken.None);

        _consistency.CatchUps.Should().Be(1);
        accepted.Value.Status.Should().Be("accepted");
        _store.EventsOf(Pair.Stream.Id).Should().HaveCount(2);
        _store.EventsOf(Conversation.Stream.Id).Should().ContainSingle().Which.Should().BeOfType<DirectConversationStarted>();
        var appended = _store.All.Where(e => e.Data is FriendRequestAccepted or DirectConversationStarted).ToArray();
        appended.Should().HaveCount(2);
        appended.Max(e => e.Position).Should().Be(accepted.Position, "one append; its position is its last event's");
    }

    [Fact]
    public async Task Accept_of_an_unknown_request_is_404_after_waiting_for_the_head()
    {
        var act = () => AcceptAs(_bob).Handle(new AcceptFriendRequestCommand(RequestId), CancellationToken.None).AsTask();

        (await act.Should().ThrowAsync<RefusedException>()).Which.Kind.Should().Be(ErrorKind.NotFound);
        _consistency.CatchUps.Should().Be(1);
        _store.All.Should().BeEmpty();
    }

    [Fact]
    public async Task Accept_when_the_pair_already_has_its_conversation_appends_only_the_acceptance()
    {
        await SeedAsync(Conversation.Stream, new DirectConversationStarted(Conversation.Value, Pair.Low.Value, Pair.High.Value, _clock.UtcNow));
        await SeedAsync(Pair.Stream, new FriendRequestSent(RequestId, Ann, Bob, "hi", _clock.UtcNow));
        _friends.Request = View();

        await AcceptAs(_bob).Handle(new AcceptFriendRequestCommand(RequestId), CancellationToken.None);

        _store.EventsOf(Conversation.Stream.Id).Should().ContainSingle();
        _store.EventsOf(Pair.Stream.Id).OfType<FriendRequestAccepted>().Should().ContainSingle().Which.ConversationId.Should().Be(Conversation.Value);
    }

    [Fact]
    public async Task Accept_that_loses_the_race_to_a_cancel_runs_again_and_gets_409_without_starting_the_conversation()
    {
        await SeedAsync(Pair.Stream, new FriendRequestSent(RequestId, Ann, Bob, "hi", _clock.UtcNow));
        _friends.Request = View();
        _store.BeforeAppend = async _ => await CancelAs(_ann).Handle(new CancelFriendRequestCommand(RequestId), CancellationToken.None);

        var act = () => AcceptAs(_bob).Handle(new AcceptFriendRequestCommand(RequestId), CancellationToken.None).AsTask();

        (await act.Should().ThrowAsync<RefusedException>()).Which.Kind.Should().Be(ErrorKind.Conflict);
        _store.EventsOf(Pair.Stream.Id).Select(e => e.GetType()).Should().Equal(typeof(FriendRequestSent), typeof(FriendRequestCancelled));
        _store.EventsOf(Conversation.Stream.Id).Should().BeEmpty();
    }

    private static FriendRequestView View() => new(RequestId, Ann, Bob, "hi", "pending", DateTimeOffset.UnixEpoch);

    private async Task SeedAsync(StreamName stream, object e) =>
        await _store.AppendAsync([new StreamAppend(stream, ExpectedVersion.Any, [EventToAppend.New(e, EventMetadata.Empty)])], CancellationToken.None);

    private sealed class FakeFriendReadModel : IFriendReadModel
    {
        public FriendRequestView? Request { get; set; }

        public Task<FriendRequestView?> FindRequestAsync(Guid requestId, CancellationToken cancellationToken) =>
            Task.FromResult(Request?.Id == requestId ? Request : null);

        public Task<IReadOnlyList<FriendRequestView>> ListRequestsAsync(Guid userId, bool incoming, string status, ListCursor? after, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<FriendView>> ListFriendsAsync(Guid userId, ListCursor? after, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<BlockedUserView>> ListBlocksAsync(Guid userId, ListCursor? after, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class FakeConsistency : IReadModelConsistency
    {
        public int CatchUps { get; private set; }

        public Action? OnCatchUp { get; set; }

        public Task<bool> WaitForPositionAsync(long position, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> WaitForPositionAsync(long position, ReadModelSet readModels, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            CatchUps++;
            OnCatchUp?.Invoke();
            return Task.FromResult(true);
        }
    }
}
