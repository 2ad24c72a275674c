using System.Net;
using System.Net.Http.Json;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Conversations;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.Conversations;

[Collection(RebuildCollection.Name)]
public sealed class ReadMarkerTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task Unread_counts_and_read_markers_of_three_users_match_hand_computed_values_and_again_after_a_rebuild()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        var (cat, catUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (cat)
        {
            await ConversationTestKit.MakeFriendsWithAllAsync(annUser.Id, [bobUser.Id, catUser.Id]);
            var group = await ann.CreateGroupAsync("markers", bobUser.Id, catUser.Id);
            for (var i = 1; i <= 3; i++)
            {
                await ann.SendAsync(group.Id, $"ann {i}");
            }

            await bob.MarkReadAsync(group.Id, 2);
            await cat.SendAsync(group.Id, "cat 4");
            (await bob.MarkReadAsync(group.Id, 1)).Should().Be(0, "a marker behind the current one appends nothing");
            await bob.PostAsJsonAsync($"/api/conversations/{group.Id}/read", new { seq = 5 }).ShouldFailAsync(HttpStatusCode.BadRequest);
            await ann.MarkReadAsync(group.Id, 4);
            var last = await bob.SendAsync(group.Id, "bob 5");

            // By hand: lastSeq 5; ann read 4, bob sent 5, cat sent 4.
            var expected = new Dictionary<Guid, (long Read, long Unread)> { [annUser.Id] = (4, 1), [bobUser.Id] = (5, 0), [catUser.Id] = (4, 1) };
            await ShouldMatchAsync(last.Position);

            // A full rebuild replays the log into fresh tables and a fresh Redis inbox: the same values, also where the
            // read models were changed by hand (the markers in the Redis inbox, which the list reads them from, and the
            // messages in MySQL, which the list reads the last message from).
            await using (var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None))
            {
                await connection.ExecuteAsync("DELETE FROM rm_messages WHERE conversation_id = @id", new { id = group.Id.ToString("D") });
            }

            var redis = factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
            var inbox = factory.Services.GetRequiredService<ConversationInbox>();
            var generation = (string?)await redis.StringGetAsync(inbox.LiveGenerationKey) ?? "0";
            foreach (var user in new[] { annUser.Id, bobUser.Id, catUser.Id })
            {
                await redis.HashSetAsync($"{inbox.KeyPrefix}{generation}:read:{user:N}", group.Id.ToString("N"), 0);
            }

            var changed = await ListItemAsync(bob, group.Id, last.Position);
            changed.LastReadSeq.Should().Be(0, "the list reads the markers from the Redis inbox");
            changed.LastMessage.Should().BeNull("the list reads the last message from rm_messages");
            // The rebuilds run here, through this Api's own rebuilder (the admin route's Hangfire job is tested by
            // ProjectionRebuildTests): the suite's hosts share one Hangfire storage, and a job fetched by a host that is
            // being disposed fails and waits for its retry, which a 3-minute wait does not always cover.
            var rebuilder = factory.Services.GetRequiredService<ProjectionRebuilder>();
            foreach (var projection in new[] { ConversationsProjection.ProjectionName, ConversationInboxProjection.ProjectionName })
            {
                (await rebuilder.RebuildAsync(projection, null, CancellationToken.None)).Position.Should().BeGreaterThanOrEqualTo(last.Position);
            }

            await ShouldMatchAsync(last.Position);

            async Task ShouldMatchAsync(long position)
            {
                foreach (var (client, id) in new[] { (ann, annUser.Id), (bob, bobUser.Id), (cat, catUser.Id) })
                {
                    var item = await ListItemAsync(client, group.Id, position);
                    (item.LastReadSeq, item.UnreadCount).Should().Be(expected[id], $"the markers of {id}");
                    item.LastMessage!.Seq.Should().Be(5);
                    item.LastMessage.Preview.Should().Be("bob 5");
                    item.MemberCount.Should().Be(3);
                }
            }
        }
    }

    private static async Task<ListItemDto> ListItemAsync(HttpClient client, Guid conversationId, long position) =>
        (await client.GetOkAsync<ListDto>($"/api/conversations?minPosition={position}")).Items.Single(i => i.Id == conversationId);
}
