using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventChat.IntegrationTests.Support;
using EventChat.IntegrationTests.Uploads;

namespace EventChat.IntegrationTests.Conversations;

/// <summary>Image, video and file messages carry an upload of the sender; members may fetch it, until a recall.</summary>
public sealed class MediaMessageTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    private static readonly HttpClient ObjectStore = new();

    [Fact]
    public async Task An_image_message_shows_its_upload_to_members_only_and_a_recall_hides_it_again()
    {
        var (ann, annUser, annTokens) = await factory.SignedInUserAsync();
        var (bob, bobUser, bobTokens) = await factory.SignedInUserAsync();
        var (_, _, strangerTokens) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (var annUploads = UploadClient.NoRedirects(factory, annTokens.AccessToken))
        using (var bobUploads = UploadClient.NoRedirects(factory, bobTokens.AccessToken))
        using (var strangerUploads = UploadClient.NoRedirects(factory, strangerTokens.AccessToken))
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var conversation = ConversationTestKit.DirectId(annUser.Id, bobUser.Id);
            var image = UploadClient.Sample("image/png");
            var upload = await UploadClient.UploadAsync(annUploads, image, "holiday.png", "image/png");

            // Before it is sent, the upload is its owner's alone.
            using (var early = await bobUploads.GetAsync(new Uri($"/api/uploads/{upload.Id}", UriKind.Relative)))
            {
                await early.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }

            using var sent = await ann.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { clientMessageId = "img-1", type = "image", uploadId = upload.Id, text = "look" });
            await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
            var message = await sent.Content.ReadFromJsonAsync<JsonElement>();
            message.GetProperty("upload").GetProperty("contentType").GetString().Should().Be("image/png");
            message.GetProperty("upload").GetProperty("size").GetInt64().Should().Be(image.Length);
            var position = message.GetProperty("position").GetInt64();
            (await bob.GetOkAsync<ListDto>($"/api/conversations?minPosition={position}")).Items.Single(i => i.Id == conversation)
                .LastMessage!.Preview.Should().Be("[image]", "the conversation list names a media message by its type");

            var history = await bob.GetOkAsync<JsonElement>($"/api/conversations/{conversation}/messages?minPosition={position}");
            var shown = history.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("clientMessageId").GetString() == "img-1");
            var url = shown.GetProperty("upload").GetProperty("url").GetString()!;
            UploadClient.Sha256(await ObjectStore.GetByteArrayAsync(new Uri(url))).Should().Be(UploadClient.Sha256(image), "history serves the image to a member");

            using (var member = await bobUploads.GetAsync(new Uri($"/api/uploads/{upload.Id}?minPosition={position}", UriKind.Relative)))
            {
                member.StatusCode.Should().Be(HttpStatusCode.Redirect, "a member of the conversation where it was sent may fetch it");
            }

            using (var stranger = await strangerUploads.GetAsync(new Uri($"/api/uploads/{upload.Id}?minPosition={position}", UriKind.Relative)))
            {
                await stranger.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }

            using var recall = await ann.PostAsync(new Uri($"/api/conversations/{conversation}/messages/{message.GetProperty("seq").GetInt64()}/recall", UriKind.Relative), null);
            await recall.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var recallPosition = long.Parse(recall.Headers.GetValues("X-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);
            using (var afterRecall = await bobUploads.GetAsync(new Uri($"/api/uploads/{upload.Id}?minPosition={recallPosition}", UriKind.Relative)))
            {
                await afterRecall.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }

            var recalledHistory = await bob.GetOkAsync<JsonElement>($"/api/conversations/{conversation}/messages?minPosition={recallPosition}");
            recalledHistory.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("clientMessageId").GetString() == "img-1")
                .GetProperty("upload").ValueKind.Should().Be(JsonValueKind.Null);
        }
    }

    [Fact]
    public async Task A_media_message_needs_an_upload_of_the_sender_whose_type_fits()
    {
        var (ann, annUser, annTokens) = await factory.SignedInUserAsync();
        var (bob, bobUser, bobTokens) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        using (var annUploads = UploadClient.NoRedirects(factory, annTokens.AccessToken))
        using (var bobUploads = UploadClient.NoRedirects(factory, bobTokens.AccessToken))
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var conversation = ConversationTestKit.DirectId(annUser.Id, bobUser.Id);
            var video = await UploadClient.UploadAsync(annUploads, UploadClient.Sample("video/mp4"), "clip.mp4", "video/mp4");
            var bobsImage = await UploadClient.UploadAsync(bobUploads, UploadClient.Sample("image/gif"), "bob.gif", "image/gif");

            async Task<HttpStatusCode> SendAsync(object body)
            {
                using var response = await ann.PostAsJsonAsync($"/api/conversations/{conversation}/messages", body);
                return response.StatusCode;
            }

            (await SendAsync(new { clientMessageId = "m1", type = "image", uploadId = video.Id })).Should().Be(HttpStatusCode.BadRequest, "a video is not an image");
            (await SendAsync(new { clientMessageId = "m2", type = "image" })).Should().Be(HttpStatusCode.BadRequest, "a media message needs an upload");
            (await SendAsync(new { clientMessageId = "m3", type = "image", uploadId = bobsImage.Id })).Should().Be(HttpStatusCode.NotFound, "another user's upload is not the sender's (404: ids do not leak)");
            (await SendAsync(new { clientMessageId = "m4", type = "video", uploadId = Guid.CreateVersion7() })).Should().Be(HttpStatusCode.NotFound);
            (await SendAsync(new { clientMessageId = "m5", type = "text", text = "hi", uploadId = video.Id })).Should().Be(HttpStatusCode.BadRequest, "text takes no upload");
            (await SendAsync(new { clientMessageId = "m6", type = "video", uploadId = video.Id })).Should().Be(HttpStatusCode.Created);
            (await SendAsync(new { clientMessageId = "m7", type = "file", uploadId = video.Id })).Should().Be(HttpStatusCode.Created, "a file message takes any allowed type");
        }
    }
}
