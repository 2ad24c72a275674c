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
        var sent = DateTimeOffset.UtcNow;

        var upload = await UploadClient.UploadAsync(client, content, fileName, "application/octet-stream");

        upload.ContentType.Should().Be(type, "the bytes decide, not the declared type");
        upload.Size.Should().Be(content.Length);
        upload.FileName.Should().Be(fileName);

        // Presigned URLs live 15 minutes (README, "Uploads"): urlExpiresAt says so, and so does the URL's own expiry.
        upload.UrlExpiresAt.Should().BeOnOrAfter(sent.AddMinutes(15).AddSeconds(-1)).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddMinutes(15).AddSeconds(1));
        System.Web.HttpUtility.ParseQueryString(new Uri(upload.Url).Query)["X-Amz-Expires"].Should().Be("900");
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
    public async Task A_file_one_byte_over_the_limit_is_413_and_neither_the_object_store_nor_the_log_holds_anything_for_it()
    {
        var (_, user, tokens) = await factory.SignedInUserAsync();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);
        var limit = checked((int)TestSettings.Current.UploadMaxSize);

        // s3rver keeps each object as a file "<key>._S3rver_object" under its data directory: the bucket's files are what
        // the store holds. (On MinIO the same check is a ListObjects call, which s3rver does not serve.) The bucket is
        // shared with the tests running in parallel, so the check is on what was added, compared with the refused bytes.
        var bucket = Path.Combine(RepositoryRoot(), ".local", "s3rver", "data", TestSettings.Current.MinioBucket);
        Directory.Exists(bucket).Should().BeTrue($"s3rver keeps the test bucket's objects in {bucket}; without it nothing here could see what the store holds");
        var before = ObjectFiles(bucket);
        var tooBig = UploadClient.Sample("image/png", limit + 1);

        using (var refused = await UploadClient.PostAsync(client, tooBig, "big.png", "image/png"))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }

        var added = ObjectFiles(bucket).Except(before).ToArray();
        added.Where(file => Holds(file, tooBig)).Should().BeEmpty("the refused file never reaches the store");
        added.Select(LengthOf).Should().NotContain(length => length > limit, "no object over the limit is stored");
        (await TestEventLog.UploadEventsOfOwnerAsync(user.Id)).Should().BeEmpty("a refused upload appends nothing, not even upload.started");

        // The same checks see an upload that is stored: one byte less, exactly the limit, is 201, and its object and its
        // upload.stored are there.
        var atLimit = UploadClient.Sample("image/png", limit);
        var stored = await UploadClient.UploadAsync(client, atLimit, "exactly.png", "image/png");
        ObjectFiles(bucket).Except(before).Should().Contain(
            file => Path.GetFileName(file) == $"{stored.Id:N}._S3rver_object" && Holds(file, atLimit), "the stored upload's object is in the bucket");
        (await TestEventLog.UploadEventsOfOwnerAsync(user.Id)).Select(e => e.Type).Should().Equal("upload.started.v1", "upload.stored.v1");
    }

    /// <summary>The objects s3rver holds in a bucket (without its .md5 and metadata side files).</summary>
    private static HashSet<string> ObjectFiles(string bucket) =>
        Directory.EnumerateFiles(bucket, "*._S3rver_object", SearchOption.AllDirectories).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="file"/> holds exactly <paramref name="content"/> (false when another test's cleanup removed it meanwhile).</summary>
    private static bool Holds(string file, byte[] content)
    {
        try
        {
            return LengthOf(file) == content.Length && File.ReadAllBytes(file).AsSpan().SequenceEqual(content);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static long LengthOf(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? info.Length : 0;
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
