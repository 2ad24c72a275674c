using System.Net;
using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Uploads;

/// <summary>An Api whose object store does not answer (its port refuses connections).</summary>
public sealed class StoreDownApiFactory : ApiFactory
{
    private readonly ClosedPort _closedPort = new();

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["MINIO_PORT"] = _closedPort.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _closedPort.Dispose();
    }
}

/// <summary>
/// What a user and the log see of an upload while the object store is down. The Api appends <c>upload.started</c>
/// before the PUT; the PUT fails, and so does the delete that would let it append <c>upload.abandoned</c>. It does not
/// append it anyway: an abandoned upload must have no object, and a failed PUT may still have written one (a timeout
/// after the store took the bytes). So the upload stays started, in <c>rm_pending_uploads</c>, where the hourly
/// cleanup job abandons it and removes its object once it is an hour old and the store answers (UploadCleanupTests).
/// </summary>
public sealed class ObjectStoreOutageTests(StoreDownApiFactory factory) : IClassFixture<StoreDownApiFactory>
{
    [Fact]
    public async Task An_upload_while_the_store_is_down_is_503_with_Retry_After_never_stored_nor_served_and_left_to_the_cleanup_job()
    {
        var (_, user, tokens) = await factory.SignedInUserAsync();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);

        using var response = await UploadClient.PostAsync(client, UploadClient.Sample("image/png"), "outage.png", "image/png");

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter?.Delta.Should().BeGreaterThan(TimeSpan.Zero, "a 503 says when to try again");

        // The log: this user's one upload, started and neither stored nor abandoned.
        var events = await TestEventLog.UploadEventsOfOwnerAsync(user.Id);
        events.Select(e => e.Type).Should().Equal(["upload.started.v1"], "the upload was started, and nothing after it could be recorded");
        var uploadId = Guid.Parse(events[0].StreamId["upload-".Length..]);

        // Never served: the id (which the 503 did not even give) is a 404 to its owner.
        using (var served = await client.GetAsync(new Uri($"/api/uploads/{uploadId}", UriKind.Relative)))
        {
            await served.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        // Left to the cleanup job: it is among the pending uploads the job works from.
        (await factory.Services.GetRequiredService<IReadModelConsistency>().CatchUpAsync(TimeSpan.FromSeconds(30), CancellationToken.None)).Should().BeTrue();
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rm_pending_uploads WHERE upload_id = @id", new { id = uploadId.ToString("D") }))
            .Should().Be(1, "the cleanup job finds started uploads in rm_pending_uploads");
    }
}
