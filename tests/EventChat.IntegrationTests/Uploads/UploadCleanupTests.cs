using System.Net;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Domain.Uploads;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Uploads;

/// <summary>
/// An upload the Api could not finish: the object was put and the process died before <c>upload.stored</c>. The
/// cleanup job finds it by its <c>upload.started</c> (no bucket listing, which s3rver does not serve), abandons it
/// and removes the object; uploads that completed are left alone.
/// </summary>
public sealed class UploadCleanupTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly HttpClient ObjectStore = new();

    [Fact]
    public async Task An_upload_that_died_after_its_PUT_is_abandoned_and_its_object_removed_while_completed_uploads_stay()
    {
        var (signedIn, owner, tokens) = await factory.SignedInUserAsync();
        signedIn.Dispose();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);
        var storage = factory.Services.GetRequiredService<IObjectStorage>();
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2);

        // What a crash leaves: started two hours ago, the object in the store, no upload.stored.
        var crashed = UploadId.New();
        await PutAsync(storage, crashed);
        await TestEventLog.Store.AppendAsync(
            crashed.Stream, [EventToAppend.New(new UploadStarted(crashed.Value, owner.Id, crashed.ObjectKey, twoHoursAgo), EventMetadata.Empty)], ExpectedVersion.NoStream, CancellationToken.None);

        // A slow upload that did complete (started as long ago), and one through the Api just now.
        var slow = UploadId.New();
        await PutAsync(storage, slow);
        var content = UploadClient.Sample("image/png");
        await TestEventLog.Store.AppendAsync(
            slow.Stream,
            [
                EventToAppend.New(new UploadStarted(slow.Value, owner.Id, slow.ObjectKey, twoHoursAgo), EventMetadata.Empty),
                EventToAppend.New(new UploadStored(slow.Value, owner.Id, slow.ObjectKey, "image/png", content.Length, UploadClient.Sha256(content), "slow.png", twoHoursAgo), EventMetadata.Empty),
            ],
            ExpectedVersion.NoStream,
            CancellationToken.None);
        var recent = await UploadClient.UploadAsync(client, content, "recent.png", "image/png");
        (await ObjectStatusAsync(storage, crashed.ObjectKey)).Should().Be(HttpStatusCode.OK, "the crash left the object behind");
        (await factory.Services.GetRequiredService<IReadModelConsistency>().CatchUpAsync(TimeSpan.FromSeconds(30), CancellationToken.None)).Should().BeTrue();

        var abandoned = await factory.Services.GetRequiredService<UploadCleanupJob>().RunAsync(null, CancellationToken.None);

        abandoned.Should().BeGreaterThanOrEqualTo(1);
        (await TestEventLog.StreamAsync(crashed.Stream.Id)).Select(e => e.Data).Last().Should().BeOfType<UploadAbandoned>();
        (await ObjectStatusAsync(storage, crashed.ObjectKey)).Should().Be(HttpStatusCode.NotFound, "the orphaned object is removed");
        using (var gone = await client.GetAsync(new Uri($"/api/uploads/{crashed.Value}", UriKind.Relative)))
        {
            gone.StatusCode.Should().Be(HttpStatusCode.NotFound, "an upload that was never stored is served to no one");
        }

        foreach (var (id, key) in new[] { (slow.Value, slow.ObjectKey), (recent.Id, new UploadId(recent.Id).ObjectKey) })
        {
            (await TestEventLog.StreamAsync(new UploadId(id).Stream.Id)).Select(e => e.Data).Last().Should().BeOfType<UploadStored>();
            (await ObjectStatusAsync(storage, key)).Should().Be(HttpStatusCode.OK, "a stored upload keeps its object");
        }
    }

    private static async Task PutAsync(IObjectStorage storage, UploadId id)
    {
        var content = UploadClient.Sample("image/png");
        using var stream = new MemoryStream(content);
        await storage.PutAsync(id.ObjectKey, stream, content.Length, "image/png", CancellationToken.None);
    }

    private static async Task<HttpStatusCode> ObjectStatusAsync(IObjectStorage storage, string key)
    {
        using var response = await ObjectStore.GetAsync((await storage.PresignGetAsync(key, CancellationToken.None)).Url);
        return response.StatusCode;
    }
}
