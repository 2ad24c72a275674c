using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Conversations;

public sealed class MembershipTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task Only_owner_and_admins_administer_the_owner_leaving_passes_ownership_and_the_last_member_leaving_ends_the_group()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        var (cat, catUser, _) = await factory.SignedInUserAsync();
        var (dan, danUser, _) = await factory.SignedInUserAsync();
        var (eve, eveUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (cat)
        using (dan)
        using (eve)
        {
            await ConversationTestKit.MakeFriendsWithAllAsync(annUser.Id, [bobUser.Id, catUser.Id, danUser.Id]);
            var group = await ann.CreateGroupAsync("club", bobUser.Id, catUser.Id);
            group.Members.Select(m => (m.UserId, m.Role)).Should().Equal((annUser.Id, "owner"), (bobUser.Id, "member"), (catUser.Id, "member"));
            var url = $"/api/conversations/{group.Id}";

            await bob.PatchAsJsonAsync(url, new { name = "bob's" }).ShouldFailAsync(HttpStatusCode.Forbidden);
            await bob.PostAsJsonAsync($"{url}/members", new { userIds = new[] { danUser.Id } }).ShouldFailAsync(HttpStatusCode.Forbidden);
            await bob.DeleteAsync($"{url}/members/{catUser.Id}").ShouldFailAsync(HttpStatusCode.Forbidden);
            await ann.PatchAsJsonAsync(url, new { announcement = new string('a', 2001) }).ShouldFailAsync(HttpStatusCode.BadRequest);
            using (var renamed = await ann.PatchAsJsonAsync(url, new { name = "the club", announcement = "be nice" }))
            {
                await renamed.ShouldHaveStatusAsync(HttpStatusCode.OK);
                var view = (await renamed.Content.ReadFromJsonAsync<ConversationDto>())!;
                (view.Name, view.Announcement).Should().Be(("the club", "be nice"));
            }

            await ann.PostAsJsonAsync($"{url}/members", new { userIds = new[] { eveUser.Id } }).ShouldFailAsync(HttpStatusCode.Forbidden);
            using (var added = await ann.PostAsJsonAsync($"{url}/members", new { userIds = new[] { danUser.Id } }))
            {
                await added.ShouldHaveStatusAsync(HttpStatusCode.OK);
                (await added.Content.ReadFromJsonAsync<ConversationDto>())!.Members.Should().HaveCount(4);
            }

            using (var role = await ann.PutAsJsonAsync($"{url}/members/{catUser.Id}/role", new { role = "admin" }))
            {
                await role.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            await bob.PutAsJsonAsync($"{url}/members/{bobUser.Id}/role", new { role = "admin" }).ShouldFailAsync(HttpStatusCode.Forbidden);
            await cat.DeleteAsync($"{url}/members/{annUser.Id}").ShouldFailAsync(HttpStatusCode.Forbidden);
            await Delete(cat, $"{url}/members/{bobUser.Id}");

            // The owner leaves: cat, the only admin, owns the group although dan is a member too.
            var position = await Delete(ann, $"{url}/members/{annUser.Id}");
            await ann.GetAsync($"{url}?minPosition={position}").ShouldFailAsync(HttpStatusCode.NotFound);
            await ann.PostMessageAsync(group.Id, "still the owner?").ShouldFailAsync(HttpStatusCode.NotFound);
            position = await Delete(cat, $"{url}/members/{catUser.Id}");
            var view2 = await dan.GetOkAsync<ConversationDto>($"{url}?minPosition={position}");
            view2.Members.Select(m => (m.UserId, m.Role)).Should().Equal((danUser.Id, "owner"));

            position = await Delete(dan, $"{url}/members/{danUser.Id}");
            await dan.GetAsync($"{url}?minPosition={position}").ShouldFailAsync(HttpStatusCode.NotFound);
            var events = await TestEventLog.StreamAsync(new EventChat.Domain.Conversations.ConversationId(group.Id).Stream.Id);
            events[^1].Data.Should().BeOfType<EventChat.Domain.Conversations.GroupEnded>();
            events.Select(e => e.Data).OfType<EventChat.Domain.Conversations.GroupOwnershipPassed>().Select(e => e.ToUserId).Should().Equal(catUser.Id, danUser.Id);
        }
    }

    [Fact]
    public async Task A_group_holds_at_most_500_members_and_the_501st_is_409()
    {
        var (owner, ownerUser, _) = await factory.SignedInUserAsync();
        using (owner)
        {
            var friends = Enumerable.Range(0, 500).Select(_ => Guid.CreateVersion7()).ToArray();
            await ConversationTestKit.MakeFriendsWithAllAsync(ownerUser.Id, friends);

            await owner.PostAsJsonAsync("/api/conversations", new { type = "group", name = "too big", memberIds = friends }).ShouldFailAsync(HttpStatusCode.Conflict);
            var group = await owner.CreateGroupAsync("full", friends[..499]);
            group.Members.Should().HaveCount(500);
            await owner.PostAsJsonAsync($"/api/conversations/{group.Id}/members", new { userIds = new[] { friends[499] } }).ShouldFailAsync(HttpStatusCode.Conflict);
        }
    }

    private static async Task<long> Delete(HttpClient client, string url)
    {
        using var response = await client.DeleteAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        return long.Parse(response.Headers.GetValues("X-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
