using System.Collections.Concurrent;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.Realtime;
using EventChat.Application.Conversations;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Infrastructure;
using EventChat.Infrastructure.ObjectStorage;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Conversations;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>
/// The conversation push projection keeps each conversation's members in memory while it holds the lease. These
/// tests run two instances of it by hand, on the real event store and Redis, as two Api processes would when the
/// lease moves between them.
/// </summary>
[Collection(EventStoreCollection.Name)]
public sealed class ConversationPushLeaseTests(EventStoreFixture fixture)
{
    [Fact]
    public async Task A_member_added_while_another_instance_held_the_lease_receives_the_next_message_after_the_lease_comes_back()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestSettings.Current.RedisConfiguration);
        var (pushA, pushB) = (new RecordingChatPush(), new RecordingChatPush());
        var instanceA = CreateProjection(redis, pushA);
        var instanceB = CreateProjection(redis, pushB);
        Guid owner = Guid.NewGuid(), first = Guid.NewGuid(), added = Guid.NewGuid();
        var conversation = new ConversationId(Guid.CreateVersion7());
        var now = DateTimeOffset.UtcNow;

        var created = await AppendAsync(conversation.Stream, new GroupCreated(conversation.Value, owner, "g", [owner, first], now));
        var before = await AppendAsync(conversation.MessagesStream, Message(conversation, owner, "before"));
        instanceA.OnLeaseTaken();
        await instanceA.ApplyAsync([created, before], CancellationToken.None);

        // The lease moves to B, which pushes the member being added.
        var membersAdded = await AppendAsync(conversation.Stream, new GroupMembersAdded(conversation.Value, owner, [added], now));
        instanceB.OnLeaseTaken();
        await instanceB.ApplyAsync([membersAdded], CancellationToken.None);

        // And back to A, which had the members without the new one in memory.
        var after = await AppendAsync(conversation.MessagesStream, Message(conversation, first, "after"));
        instanceA.OnLeaseTaken();
        await instanceA.ApplyAsync([after], CancellationToken.None);

        pushA.RecipientsOf("before").Should().BeEquivalentTo([owner, first]);
        pushB.Updates.Should().ContainSingle().Which.Should().BeEquivalentTo([owner, first, added]);
        pushA.RecipientsOf("after").Should().BeEquivalentTo([owner, first, added], "the member added under B's lease is in the conversation now");
    }

    [Fact]
    public async Task A_member_removed_under_the_same_lease_gets_no_later_message()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestSettings.Current.RedisConfiguration);
        var push = new RecordingChatPush();
        var projection = CreateProjection(redis, push);
        Guid owner = Guid.NewGuid(), stays = Guid.NewGuid(), removed = Guid.NewGuid();
        var conversation = new ConversationId(Guid.CreateVersion7());
        var now = DateTimeOffset.UtcNow;
        projection.OnLeaseTaken();

        var created = await AppendAsync(conversation.Stream, new GroupCreated(conversation.Value, owner, "g", [owner, stays, removed], now));
        var before = await AppendAsync(conversation.MessagesStream, Message(conversation, owner, "before"));
        await projection.ApplyAsync([created, before], CancellationToken.None);
        var removal = await AppendAsync(conversation.Stream, new GroupMemberRemoved(conversation.Value, removed, owner, now));
        var after = await AppendAsync(conversation.MessagesStream, Message(conversation, owner, "after"));
        await projection.ApplyAsync([removal, after], CancellationToken.None);

        push.RecipientsOf("before").Should().BeEquivalentTo([owner, stays, removed]);
        push.Updates[^1].Should().BeEquivalentTo([owner, stays, removed], "the removed member learns of the removal");
        push.RecipientsOf("after").Should().BeEquivalentTo([owner, stays]);
    }

    private ConversationPushProjection CreateProjection(IConnectionMultiplexer redis, IChatPush push)
    {
        var settings = TestSettings.Current;
        var storage = new MinioObjectStorage(
            ObjectStorageClientFactory.Create(settings), ObjectStorageClientFactory.CreateForClientUrls(settings), settings, new SystemClock());
        return new ConversationPushProjection(new ConversationMembersCache(redis, fixture.Store, settings), push, storage);
    }

    private static MessageSent Message(ConversationId conversation, Guid sender, string clientMessageId) =>
        new(conversation.Value, Guid.NewGuid(), sender, clientMessageId, MessageTypes.Text, "hi", null, null, DateTimeOffset.UtcNow);

    private async Task<StoredEvent> AppendAsync(StreamName stream, object data)
    {
        var result = await fixture.Store.AppendAsync(stream, [EventToAppend.New(data, EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);
        var events = await fixture.Store.ReadStreamAsync(stream.Id, 1, null, null, CancellationToken.None);
        return events.Single(e => e.Position == result.LastPosition);
    }

    private sealed class RecordingChatPush : IChatPush
    {
        private readonly ConcurrentQueue<(IReadOnlyCollection<Guid> Recipients, string Method, object Payload)> _sent = new();

        public IReadOnlyList<IReadOnlyCollection<Guid>> Updates =>
            [.. _sent.Where(s => s.Method == ChatMethods.ConversationUpdated).Select(s => s.Recipients)];

        public IReadOnlyCollection<Guid> RecipientsOf(string clientMessageId) =>
            _sent.Single(s => s.Method == ChatMethods.MessageCreated && ((MessageView)s.Payload).ClientMessageId == clientMessageId).Recipients;

        public Task SendAsync(IReadOnlyCollection<Guid> userIds, string method, object payload, CancellationToken cancellationToken)
        {
            _sent.Enqueue(([.. userIds], method, payload));
            return Task.CompletedTask;
        }

        public Task EndSessionAsync(Guid sessionId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
