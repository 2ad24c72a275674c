using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;
using EventChat.IntegrationTests.Uploads;

namespace EventChat.IntegrationTests.Friends;

/// <summary>A friend's avatar shows in the friends list as a fresh URL of their image upload.</summary>
public sealed class FriendsAvatarTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_friends_list_shows_a_friends_avatar_as_a_url_that_serves_it()
    {
        using var ann = await FriendsUser.SignUpAsync(factory);
        using var bob = await FriendsUser.SignUpAsync(factory);
        var image = UploadClient.Sample("image/jpeg");
        var upload = await UploadClient.UploadAsync(ann.Client, image, "ann.jpg", "image/jpeg");
        using (var set = await ann.Client.PatchAsJsonAsync("/api/users/me", new { avatarUploadId = upload.Id }))
        {
            await set.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var request = await bob.SendRequestAsync(ann);
        var accepted = await ann.AnswerOkAsync(request.Id, "accept");

        var friends = await bob.FriendsAsync(accepted.Position);
        var annAsFriend = friends.Items.Should().ContainSingle(f => f.UserId == ann.Id).Subject;
        annAsFriend.AvatarUrl.Should().NotBeNull();
        using var objectStore = new HttpClient();
        UploadClient.Sha256(await objectStore.GetByteArrayAsync(new Uri(annAsFriend.AvatarUrl!))).Should().Be(UploadClient.Sha256(image));
        (await ann.FriendsAsync(accepted.Position)).Items.Should().ContainSingle(f => f.UserId == bob.Id).Which.AvatarUrl.Should().BeNull("bob has none");
    }
}
