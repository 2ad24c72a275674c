using System.Net;
using EventChat.IntegrationTests.Support;

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

public sealed class ObjectStoreOutageTests(StoreDownApiFactory factory) : IClassFixture<StoreDownApiFactory>
{
    [Fact]
    public async Task An_upload_while_the_store_is_down_is_503_with_Retry_After_and_records_nothing()
    {
        var (_, _, tokens) = await factory.SignedInUserAsync();
        using var client = UploadClient.NoRedirects(factory, tokens.AccessToken);
        var marker = $"outage-{Guid.NewGuid():N}.png";

        using var response = await UploadClient.PostAsync(client, UploadClient.Sample("image/png"), marker, "image/png");

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.Contains("Retry-After").Should().BeTrue();
        (await TestEventLog.CountContainingAsync(marker)).Should().Be(0, "no object, no event");
    }
}
