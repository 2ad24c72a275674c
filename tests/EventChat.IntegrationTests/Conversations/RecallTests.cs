using System.Net;
using System.Net.Http.Json;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Conversations;

public sealed class RecallTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task Recall_by_the_sender_within_two_minutes_by_an_admin_or_owner_any_time_never_by_a_plain_member_and_the_content_is_gone_from_every_read_model()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        var (cat, catUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (cat)
        {
            await ConversationTestKit.MakeFriendsWithAllAsync(annUser.Id, [bobUser.Id, catUser.Id]);
            var group = await ann.CreateGroupAsync("recalls", bobUser.Id, catUser.Id);
            using (var role = await ann.PutAsJsonAsync($"/api/conversations/{group.Id}/members/{bobUser.Id}/role", new { role = "admin" }))
            {
                await role.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            var secret = "secret-" + Guid.NewGuid().ToString("N");
            var m1 = await cat.SendAsync(group.Id, secret);
            var recalled = await RecallAsync(cat, group.Id, m1.Seq, HttpStatusCode.OK);
            recalled.Recalled.Should().BeTrue();
            recalled.Text.Should().BeNull();
            await RecallAsync(cat, group.Id, m1.Seq, HttpStatusCode.OK);

            var m2 = await cat.SendAsync(group.Id, "old news");
            var m3 = await cat.SendAsync(group.Id, "moderate me");
            var m4 = await ann.SendAsync(group.Id, "owner's word");
            try
            {
                factory.Clock.Offset = TimeSpan.FromMinutes(3);
                await cat.PostAsync($"/api/conversations/{group.Id}/messages/{m2.Seq}/recall", null).ShouldFailAsync(HttpStatusCode.Conflict);
                await RecallAsync(bob, group.Id, m3.Seq, HttpStatusCode.OK);
                await cat.PostAsync($"/api/conversations/{group.Id}/messages/{m4.Seq}/recall", null).ShouldFailAsync(HttpStatusCode.Forbidden);
                await RecallAsync(ann, group.Id, m2.Seq, HttpStatusCode.OK);
                await cat.PostAsync($"/api/conversations/{group.Id}/messages/99/recall", null).ShouldFailAsync(HttpStatusCode.NotFound);
                var last = await RecallAsync(ann, group.Id, m4.Seq, HttpStatusCode.OK);

                var history = await cat.GetOkAsync<MessagePageDto>($"/api/conversations/{group.Id}/messages?afterSeq=0&minPosition={last.Position}");
                history.Items.Select(m => m.Seq).Should().Equal(1L, 2L, 3L, 4L);
                history.Items.Should().OnlyContain(m => m.Recalled && m.Text == null);
                var item = (await cat.GetOkAsync<ListDto>($"/api/conversations?minPosition={last.Position}")).Items.Single(i => i.Id == group.Id);
                item.LastMessage!.Recalled.Should().BeTrue();
                item.LastMessage.Preview.Should().BeNull();

                await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
                (await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM rm_messages WHERE conversation_id = @id AND text IS NOT NULL", new { id = group.Id.ToString("D") })).Should().Be(0);
                (await TestEventLog.CountContainingAsync(secret)).Should().Be(1, "the original stays in the event log for auditors");
            }
            finally
            {
                factory.Clock.Offset = TimeSpan.Zero;
            }
        }
    }

    [Fact]
    public async Task In_a_direct_conversation_only_the_sender_recalls()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var direct = ConversationTestKit.DirectId(annUser.Id, bobUser.Id);
            var message = await ann.SendAsync(direct, "oops");
            await bob.PostAsync($"/api/conversations/{direct}/messages/{message.Seq}/recall", null).ShouldFailAsync(HttpStatusCode.Forbidden);
            (await RecallAsync(ann, direct, message.Seq, HttpStatusCode.OK)).Recalled.Should().BeTrue();
        }
    }

    private static async Task<MessageDto> RecallAsync(HttpClient client, Guid conversationId, long seq, HttpStatusCode expected)
    {
        using var response = await client.PostAsync($"/api/conversations/{conversationId}/messages/{seq}/recall", null);
        await response.ShouldHaveStatusAsync(expected);
        return (await response.Content.ReadFromJsonAsync<MessageDto>())!;
    }
}
