using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Uploads;

/// <summary>Uploads over HTTP against the real object store (s3rver here, MinIO in docker-compose).</summary>
public sealed class UploadTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly HttpClient ObjectStore = new();

    [Theory]
    [InlineData("image/jpeg", "photo.jpg")]
    [InlineData("image/png", "drawing.png")]
    [InlineData("image/gif", "loop.gif")]
    [InlineData("video/mp4", "clip.mp4")]
    [InlineData("video/webm", "clip.webm")]
    public async Task Each_allowed_type_round_trips_through_the_302_with_the_same_bytes(string type, string fileName)
    {
        var (signedIn, _, tokens) = await factory.SignedInUserAsync();
        signedIn.Dispose();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);
        var content = UploadClient.Sample(type, 50_000);

        var upload = await UploadClient.UploadAsync(client, content, fileName, "application/octet-stream");

        upload.ContentType.Should().Be(type, "the bytes decide, not the declared type");
        upload.Size.Should().Be(content.Length);
        upload.FileName.Should().Be(fileName);
        upload.UrlExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
        using var redirect = await client.GetAsync(new Uri($"/api/uploads/{upload.Id}", UriKind.Relative));
        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var served = await ObjectStore.GetByteArrayAsync(redirect.Headers.Location);
        UploadClient.Sha256(served).Should().Be(UploadClient.Sha256(content));
        UploadClient.Sha256(await ObjectStore.GetByteArrayAsync(new Uri(upload.Url))).Should().Be(UploadClient.Sha256(content), "the url in the answer serves it too");

        var stored = await TestEventLog.StreamAsync($"upload-{upload.Id:D}");
        stored.Select(e => e.Data.GetType()).Should().Equal(typeof(EventChat.Domain.Uploads.UploadStarted), typeof(EventChat.Domain.Uploads.UploadStored));
        stored[1].Data.Should().BeOfType<EventChat.Domain.Uploads.UploadStored>().Which.Sha256.Should().Be(UploadClient.Sha256(content));
    }

    [Fact]
    public async Task The_bytes_decide_the_type_and_the_file_name_is_metadata_only()
    {
        var (_, _, tokens) = await factory.SignedInUserAsync();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);

        var png = await UploadClient.UploadAsync(client, UploadClient.Sample("image/png"), "../../etc/\u202Epasswd.mp4", "video/mp4");
        png.ContentType.Should().Be("image/png");
        png.FileName.Should().Be("passwd.mp4", "no directories and no bidi override survive");

        using var executable = await UploadClient.PostAsync(client, UploadClient.Sample("application/x-msdownload"), "cat.jpg", "image/jpeg");
        await executable.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        using var empty = await UploadClient.PostAsync(client, [], "empty.png", "image/png");
        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        using var wrongPart = await UploadClient.PostAsync(client, UploadClient.Sample("image/png"), "a.png", "image/png", partName: "picture");
        await wrongPart.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        // A multipart body cut off in the middle of its part: the client's mistake, not the server's.
        using (var truncated = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\u0089PNG", System.Text.Encoding.Latin1))
        {
            truncated.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
            using var cut = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), truncated);
            await cut.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var garbage = new StringContent("not multipart at all", System.Text.Encoding.UTF8))
        {
            garbage.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
            using var nonsense = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), garbage);
            await nonsense.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using var notMultipart = await client.PostAsJsonAsync("/api/uploads", new { file = "x" });
        (await notMultipart.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType)).GetProperty("detail").GetString().Should().Contain("multipart/form-data");
    }

    [Fact]
    public async Task A_file_one_byte_over_the_limit_is_413_and_nothing_is_stored()
    {
        var (_, user, tokens) = await factory.SignedInUserAsync();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);
        var limit = TestSettings.Current.UploadMaxSize;
        var marker = $"big-{Guid.NewGuid():N}.png";

        using var tooBig = await UploadClient.PostAsync(client, UploadClient.Sample("image/png", checked((int)limit + 1)), marker, "image/png");
        await tooBig.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        (await TestEventLog.CountContainingAsync(marker)).Should().Be(0, "a refused upload appends nothing");

        // s3rver keeps each object as a file under its data directory; no object there may exceed the limit.
        // (On MinIO the same check is a ListObjects call, which s3rver does not serve.)
        var bucket = Path.Combine(RepositoryRoot(), ".local", "s3rver", "data", TestSettings.Current.MinioBucket);
        if (Directory.Exists(bucket))
        {
            Directory.EnumerateFiles(bucket, "*", SearchOption.AllDirectories)
                .Select(f => new FileInfo(f).Length).Should().OnlyContain(length => length <= limit);
        }

        using var atLimit = await UploadClient.PostAsync(client, UploadClient.Sample("image/png", checked((int)limit)), "exactly.png", "image/png");
        await atLimit.ShouldHaveStatusAsync(HttpStatusCode.Created);
        user.Should().NotBeNull();
    }

    [Fact]
    public async Task A_stranger_gets_404_on_another_users_upload_and_an_unknown_id_is_404()
    {
        var (_, _, ownerTokens) = await factory.SignedInUserAsync();
        var (_, _, strangerTokens) = await factory.SignedInUserAsync();
        using var owner = UploadClient.NoRedirects(factory, ownerTokens.AccessToken);
        using var stranger = UploadClient.NoRedirects(factory, strangerTokens.AccessToken);
        var upload = await UploadClient.UploadAsync(owner, UploadClient.Sample("image/gif"), "mine.gif", "image/gif");

        using var theirs = await stranger.GetAsync(new Uri($"/api/uploads/{upload.Id}", UriKind.Relative));
        await theirs.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var unknown = await owner.GetAsync(new Uri($"/api/uploads/{Guid.CreateVersion7()}", UriKind.Relative));
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = factory.CreateClient();
        using var signedOut = await anonymous.GetAsync(new Uri($"/api/uploads/{upload.Id}", UriKind.Relative));
        signedOut.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_image_upload_becomes_the_avatar_and_a_video_or_someone_elses_image_is_400()
    {
        var (me, user, tokens) = await factory.SignedInUserAsync();
        var (_, _, otherTokens) = await factory.SignedInUserAsync();
        using (me)
        {
            using var uploads = UploadClient.NoRedirects(factory, tokens.AccessToken);
            using var otherUploads = UploadClient.NoRedirects(factory, otherTokens.AccessToken);
            var image = UploadClient.Sample("image/png");
            var avatar = await UploadClient.UploadAsync(uploads, image, "me.png", "image/png");
            var video = await UploadClient.UploadAsync(uploads, UploadClient.Sample("video/mp4"), "me.mp4", "video/mp4");
            var othersImage = await UploadClient.UploadAsync(otherUploads, UploadClient.Sample("image/png"), "them.png", "image/png");

            using (var refusedVideo = await me.PatchAsJsonAsync("/api/users/me", new { avatarUploadId = video.Id }))
            {
                await refusedVideo.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            }

            using (var refusedOthers = await me.PatchAsJsonAsync("/api/users/me", new { avatarUploadId = othersImage.Id }))
            {
                await refusedOthers.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            }

            using var set = await me.PatchAsJsonAsync("/api/users/me", new { avatarUploadId = avatar.Id });
            await set.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var position = (await set.Content.ReadFromJsonAsync<PositionOnly>())!.Position;

            var profile = await me.GetFromJsonAsync<ProfileDto>($"/api/users/{user.Id}?minPosition={position}");
            profile!.AvatarUrl.Should().NotBeNull();
            UploadClient.Sha256(await ObjectStore.GetByteArrayAsync(new Uri(profile.AvatarUrl!))).Should().Be(UploadClient.Sha256(image));
        }
    }

    private sealed record PositionOnly(long Position);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EventChat.sln not found.");
    }
}
