using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Conversations;

public sealed class ConversationAccessTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task A_non_member_gets_404_on_every_conversation_route_like_for_an_id_that_does_not_exist()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        var (eve, eveUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (eve)
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var group = await ann.CreateGroupAsync("private", bobUser.Id);
            var message = await ann.SendAsync(group.Id, "secret");
            foreach (var id in new[] { group.Id, ConversationTestKit.DirectId(annUser.Id, bobUser.Id), Guid.NewGuid() })
            {
                var url = $"/api/conversations/{id}";
                var q = $"?minPosition={message.Position}";
                await eve.GetAsync(url + q).ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.GetAsync($"{url}/messages{q}").ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.GetAsync($"{url}/messages{q}&afterSeq=0").ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.PatchAsJsonAsync(url, new { name = "mine now" }).ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.PostAsJsonAsync($"{url}/members", new { userIds = new[] { eveUser.Id } }).ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.DeleteAsync($"{url}/members/{annUser.Id}").ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.DeleteAsync($"{url}/members/{eveUser.Id}").ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.PutAsJsonAsync($"{url}/members/{eveUser.Id}/role", new { role = "admin" }).ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.PostMessageAsync(id, "let me in").ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.PostAsJsonAsync($"{url}/read", new { seq = 1 }).ShouldFailAsync(HttpStatusCode.NotFound);
                await eve.PostAsync($"{url}/messages/1/recall", null).ShouldFailAsync(HttpStatusCode.NotFound);
            }

            var list = await eve.GetOkAsync<ListDto>($"/api/conversations?minPosition={message.Position}");
            list.Items.Should().BeEmpty();
            (await TestEventLog.StreamAsync(ConversationTestKit.MessagesStream(group.Id).Id)).Should().ContainSingle();
        }
    }

    [Fact]
    public async Task A_removed_member_loses_access_at_once()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var group = await ann.CreateGroupAsync("soon without bob", bobUser.Id);
            await bob.SendAsync(group.Id, "I am in");

            using var removed = await ann.DeleteAsync($"/api/conversations/{group.Id}/members/{bobUser.Id}");
            await removed.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            var position = long.Parse(removed.Headers.GetValues("X-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);

            await bob.PostMessageAsync(group.Id, "still here?").ShouldFailAsync(HttpStatusCode.NotFound);
            await bob.GetAsync($"/api/conversations/{group.Id}/messages?minPosition={position}").ShouldFailAsync(HttpStatusCode.NotFound);
            await bob.GetAsync($"/api/conversations/{group.Id}?minPosition={position}").ShouldFailAsync(HttpStatusCode.NotFound);
            (await bob.GetOkAsync<ListDto>($"/api/conversations?minPosition={position}")).Items.Should().NotContain(i => i.Id == group.Id);
            var view = await ann.GetOkAsync<ConversationDto>($"/api/conversations/{group.Id}?minPosition={position}");
            view.Members.Select(m => m.UserId).Should().Equal(annUser.Id);
        }
    }

    [Fact]
    public async Task Direct_conversation_is_one_per_pair_idempotent_for_friends_and_403_otherwise_and_a_blocked_partner_gets_403_on_send()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        var (eve, eveUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (eve)
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id, withConversation: false);
            using var first = await ann.PostAsJsonAsync("/api/conversations", new { type = "direct", userId = bobUser.Id });
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var created = (await first.Content.ReadFromJsonAsync<ConversationDto>())!;
            using var second = await bob.PostAsJsonAsync("/api/conversations", new { type = "direct", userId = annUser.Id });
            await second.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var again = (await second.Content.ReadFromJsonAsync<ConversationDto>())!;

            created.Id.Should().Be(ConversationTestKit.DirectId(annUser.Id, bobUser.Id));
            again.Id.Should().Be(created.Id);
            again.Position.Should().Be(0, "the second start appended nothing");
            created.Type.Should().Be("direct");
            created.Members.Select(m => m.UserId).Should().BeEquivalentTo([annUser.Id, bobUser.Id]);
            (await TestEventLog.StreamAsync(new EventChat.Domain.Conversations.ConversationId(created.Id).Stream.Id)).Should().ContainSingle();

            await ann.PostAsJsonAsync("/api/conversations", new { type = "direct", userId = eveUser.Id }).ShouldFailAsync(HttpStatusCode.Forbidden);
            await ann.PostAsJsonAsync("/api/conversations", new { type = "direct", userId = annUser.Id }).ShouldFailAsync(HttpStatusCode.BadRequest);
            await ann.PostAsJsonAsync("/api/conversations", new { type = "channel" }).ShouldFailAsync(HttpStatusCode.BadRequest);

            await ann.SendAsync(created.Id, "hi bob");
            await ConversationTestKit.BlockAsync(bobUser.Id, annUser.Id);
            await ann.PostMessageAsync(created.Id, "hello?").ShouldFailAsync(HttpStatusCode.Forbidden);
            await bob.PostMessageAsync(created.Id, "bye").ShouldFailAsync(HttpStatusCode.Forbidden);
        }
    }
}
