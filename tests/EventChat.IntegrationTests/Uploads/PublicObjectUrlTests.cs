using System.Net;
using System.Web;
using EventChat.Application.Abstractions.ObjectStorage;
using EventChat.Domain.Uploads;
using EventChat.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Uploads;

/// <summary>
/// An Api whose object store has a public endpoint (MINIO_PUBLIC_ENDPOINT) that this machine cannot even resolve
/// (<c>.invalid</c>): what still works shows the server never sends a request there.
/// </summary>
public sealed class PublicEndpointApiFactory : ApiFactory
{
    public const string PublicEndpoint = "https://files.eventchat.invalid";

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["MINIO_PUBLIC_ENDPOINT"] = PublicEndpoint };
}

/// <summary>
/// With MINIO_PUBLIC_ENDPOINT set, the URLs handed to clients (an upload's <c>url</c>, the 302 of
/// <c>GET /api/uploads/{id}</c>) are presigned for it, while the server's PUT and its own reads (backups) stay on
/// MINIO_ENDPOINT. That the signature then validates at MinIO behind nginx (which passes the client's Host on) only
/// MinIO can show: s3rver accepts any signature.
/// </summary>
public sealed class PublicObjectUrlTests(PublicEndpointApiFactory factory) : IClassFixture<PublicEndpointApiFactory>
{
    private static readonly HttpClient ObjectStore = new();

    [Fact]
    public async Task Client_URLs_are_presigned_for_the_public_endpoint_while_the_server_stores_and_reads_on_the_internal_one()
    {
        var (signedIn, _, tokens) = await factory.SignedInUserAsync();
        signedIn.Dispose();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);
        var content = UploadClient.Sample("image/png");

        // 201: the PUT went to MINIO_ENDPOINT (the public host does not resolve).
        var upload = await UploadClient.UploadAsync(client, content, "public.png", "image/png");

        var objectPath = $"/{TestSettings.Current.MinioBucket}/{new UploadId(upload.Id).ObjectKey}";
        using var redirect = await client.GetAsync(new Uri($"/api/uploads/{upload.Id}", UriKind.Relative));
        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        foreach (var url in new[] { new Uri(upload.Url), redirect.Headers.Location! })
        {
            url.GetLeftPart(UriPartial.Authority).Should().Be(PublicEndpoint, "a client is sent to the public endpoint");
            url.AbsolutePath.Should().Be(objectPath);
            var query = HttpUtility.ParseQueryString(url.Query);
            query["X-Amz-SignedHeaders"].Should().Be("host", "the signature covers the host the client sends");
            query["X-Amz-Signature"].Should().NotBeNullOrEmpty();

            // The same object path and query on the internal endpoint serve the bytes: the URL names the right object.
            var inside = new UriBuilder(url) { Scheme = "http", Host = TestSettings.Current.MinioEndpoint, Port = TestSettings.Current.MinioPort }.Uri;
            UploadClient.Sha256(await ObjectStore.GetByteArrayAsync(inside)).Should().Be(UploadClient.Sha256(content));
        }

        // The server's own reads (backups) are presigned for the internal endpoint, and serve the object from there.
        var serverUrl = (await factory.Services.GetRequiredService<IObjectStorage>().PresignServerGetAsync(new UploadId(upload.Id).ObjectKey, CancellationToken.None)).Url;
        serverUrl.Authority.Should().Be($"{TestSettings.Current.MinioEndpoint}:{TestSettings.Current.MinioPort}");
        UploadClient.Sha256(await ObjectStore.GetByteArrayAsync(serverUrl)).Should().Be(UploadClient.Sha256(content));
    }

    private static string PublicEndpoint => PublicEndpointApiFactory.PublicEndpoint;
}
