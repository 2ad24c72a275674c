using System.Collections.Concurrent;
using System.Diagnostics;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Conversations;
using EventChat.Domain.Conversations;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Conversations;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace EventChat.IntegrationTests.Conversations;

/// <summary>The Redis inbox: conversation order, unread counts and read markers per user.</summary>
public sealed class ConversationInboxTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task The_list_previews_the_first_hundred_characters_of_the_newest_message_and_never_half_an_emoji()
    {
        var (client, _, _) = await factory.SignedInUserAsync();
        using (client)
        {
            var group = await client.CreateGroupAsync("previews");
            // 99 letters and an emoji (two UTF-16 units, one character) make the first hundred characters.
            var text = new string('a', 99) + "\U0001F600" + " and more after it";
            await client.SendAsync(group.Id, "an older message");
            var last = await client.SendAsync(group.Id, text);

            var item = (await client.GetOkAsync<ListDto>($"/api/conversations?minPosition={last.Position}")).Items.Single(i => i.Id == group.Id);
            item.LastMessage!.Seq.Should().Be(last.Seq);
            item.LastMessage.Preview.Should().Be(text[..101], "a hundred characters, the emoji whole");
            (await client.GetOkAsync<ConversationDto>($"/api/conversations/{group.Id}?minPosition={last.Position}")).LastSeq.Should().Be(2);
        }
    }

    [Fact]
    public async Task Inbox_matches_hand_computed_order_and_unread_counts_and_replaying_events_changes_nothing()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestSettings.Current.RedisConfiguration);
        var inbox = new ConversationInbox(redis, TestSettings.Current);
        var generation = await inbox.CreateGenerationAsync();
        try
        {
            Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), d = Guid.NewGuid(), group = Guid.NewGuid(), direct = Guid.NewGuid();
            var now = DateTimeOffset.UtcNow;
            StoredEvent[] log =
            [
                Stored(100, group, 1, new GroupCreated(group, a, "g", [b, c], now)),
                Stored(101, group, 1, Message(group, a)),
                Stored(102, group, 2, Message(group, b)),
                Stored(103, group, 1, new ConversationRead(group, c, 2, now)),
                Stored(104, group, 2, new GroupMemberLeft(group, c, now)),
                Stored(105, group, 3, new GroupMembersAdded(group, a, [d], now)),
                Stored(106, group, 3, Message(group, a)),
                Stored(107, direct, 1, new DirectConversationStarted(direct, a, d, now)),
            ];
            await inbox.ApplyAsync(ConversationInboxProjection.ToOperations(log[..4]), generation);
            await inbox.ApplyAsync(ConversationInboxProjection.ToOperations(log[4..]), generation);

            // By hand: the direct conversation is the newest activity; the group's last seq is 3. b read up to 2 by sending it;
            // c left (gone from their list); d joined after seq 2, so only seq 3 is unread for them.
            var expected = new Dictionary<Guid, InboxEntry[]>
            {
                [a] = [new(direct, 107, 0, 0), new(group, 106, 3, 3)],
                [b] = [new(group, 106, 3, 2)],
                [c] = [],
                [d] = [new(direct, 107, 0, 0), new(group, 106, 3, 2)],
            };
            var state = await SnapshotAsync(redis, inbox, generation);
            foreach (var (user, entries) in expected)
            {
                (await inbox.ReadPageAsync(user, null, 10, generation)).Should().Equal(entries, $"the inbox of user {user}");
            }

            // At-least-once delivery: the whole log again, then a suffix again; nothing changes.
            await inbox.ApplyAsync(ConversationInboxProjection.ToOperations(log), generation);
            await inbox.ApplyAsync(ConversationInboxProjection.ToOperations(log[3..]), generation);
            (await SnapshotAsync(redis, inbox, generation)).Should().Equal(state);

            // Paging by the activity position: strictly before the cursor.
            (await inbox.ReadPageAsync(a, 107, 10, generation)).Should().Equal(expected[a][1]);
        }
        finally
        {
            await inbox.DeleteGenerationAsync(generation);
        }

        (await SnapshotAsync(redis, inbox, generation)).Should().BeEmpty("a dropped generation leaves no key behind");
    }

    [Fact]
    public async Task A_user_with_1000_conversations_pages_through_all_of_them_and_a_page_costs_one_Redis_call_and_one_MySQL_query()
    {
        var (client, user, _) = await factory.SignedInUserAsync();
        using (client)
        {
            var ids = Enumerable.Range(0, 1000).Select(_ => Guid.CreateVersion7()).ToArray();
            foreach (var chunk in ids.Chunk(200))
            {
                await TestEventLog.Store.AppendAsync(
                    chunk.Select(id => new StreamAppend(
                        new ConversationId(id).Stream, ExpectedVersion.NoStream,
                        [EventToAppend.New(new GroupCreated(id, user.Id, "g", [], DateTimeOffset.UtcNow), EventMetadata.Empty)])).ToArray(),
                    CancellationToken.None);
            }

            // A message into an old conversation moves it to the top.
            var last = await client.SendAsync(ids[0], "back on top");

            var seen = new List<ListItemDto>();
            string? cursor = null;
            do
            {
                var page = await client.GetOkAsync<ListDto>($"/api/conversations?limit=200&minPosition={last.Position}" + (cursor is null ? string.Empty : $"&before={cursor}"));
                seen.AddRange(page.Items);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            seen.Select(i => i.Id).Should().Equal([ids[0], .. ids[1..].Reverse()], "newest activity first, each conversation once");
            seen[0].LastMessage!.Preview.Should().Be("back on top");

            // The cost of one page: counted on the Api's own Redis connection and MySQL driver, for this call only.
            var redis = factory.Services.GetRequiredService<IConnectionMultiplexer>();
            var redisSession = new AsyncLocal<ProfilingSession?>();
            redis.RegisterProfiler(() => redisSession.Value);
            var readModel = factory.Services.GetRequiredService<IConversationReadModel>();
            await readModel.ListAsync(user.Id, null, 50, CancellationToken.None);

            var queries = new ConcurrentBag<string>();
            var trace = ActivityTraceId.CreateRandom();
            using var source = new ActivitySource("test-inbox-cost");
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name is "MySqlConnector" or "test-inbox-cost",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            listener.ActivityStopped = a =>
            {
                // MySqlConnector traces "Open" (a pooled connection, no query) and "Execute" (each command sent).
                if (a.Source.Name == "MySqlConnector" && a.DisplayName == "Execute" && a.TraceId == trace)
                {
                    queries.Add(a.DisplayName);
                }
            };
            ActivitySource.AddActivityListener(listener);
            ConversationList list;
            ProfilingSession session = new();
            redisSession.Value = session;
            using (source.StartActivity("list", ActivityKind.Internal, new ActivityContext(trace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)))
            {
                list = await readModel.ListAsync(user.Id, null, 50, CancellationToken.None);
            }

            redisSession.Value = null;
            list.Items.Should().HaveCount(50);
            session.FinishProfiling().Select(c => c.Command).Should().ContainSingle("one script call reads the page, counts and markers");
            queries.Should().ContainSingle("one MySQL query reads the summaries of the page");
        }
    }

    private static MessageSent Message(Guid conversation, Guid sender) =>
        new(conversation, Guid.NewGuid(), sender, Guid.NewGuid().ToString("N"), "text", "hi", null, null, DateTimeOffset.UtcNow);

    private static StoredEvent Stored(long position, Guid conversation, long version, object data) =>
        new(position, Guid.NewGuid(), $"conversation-{conversation:N}", version, "test", 1, data, "{}", EventMetadata.Empty, DateTimeOffset.UtcNow);

    /// <summary>Every key of a generation with its content, in a comparable form.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(ConnectionMultiplexer redis, ConversationInbox inbox, long generation)
    {
        var db = redis.GetDatabase();
        var server = redis.GetServers().First();
        var snapshot = new Dictionary<string, string>();
        await foreach (var key in server.KeysAsync(db.Database, $"{inbox.KeyPrefix}{generation}:*"))
        {
            snapshot[key!] = await db.KeyTypeAsync(key) switch
            {
                RedisType.Hash => string.Join(",", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}").Order()),
                RedisType.SortedSet => string.Join(",", (await db.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}={e.Score}")),
                RedisType.Set => string.Join(",", (await db.SetMembersAsync(key)).Select(v => v.ToString()).Order()),
                var other => other.ToString(),
            };
        }

        return snapshot;
    }
}
