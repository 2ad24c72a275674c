using EventChat.IntegrationTests.Realtime;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// <c>eventchat_signalr_connections</c> follows real hub connections over WebSockets, opened as the Realtime tests open
/// them. A factory of its own (not MetricsTests'): its sign-up would spend that class's small auth budget and counts.
/// </summary>
public sealed class SignalRConnectionsMetricTests(RealtimeApiFactory factory) : IClassFixture<RealtimeApiFactory>
{
    private const string Gauge = "eventchat_signalr_connections";

    [Fact]
    public async Task The_gauge_counts_real_hub_connections_up_and_back_down()
    {
        var (signedIn, _, tokens) = await factory.SignedInUserAsync(ApiClientExtensions.UniqueName("mhub"));
        signedIn.Dispose();
        using var client = factory.CreateClient();
        var before = await GaugeAsync(client);

        // Ready once a hub method answered, so the server has counted each.
        await using var first = await PushRecorder.ConnectAsync(factory.BaseAddress, tokens.AccessToken);
        await using var second = await PushRecorder.ConnectAsync(factory.BaseAddress, tokens.AccessToken, tokenInQuery: false);
        (await GaugeAsync(client)).Should().Be(before + 2);

        await first.Connection.StopAsync();
        await Deadline.WaitUntilAsync(async () => await GaugeAsync(client) == before + 1, TimeSpan.FromSeconds(10), "a closed connection leaves the gauge");
        await second.Connection.StopAsync();
        await Deadline.WaitUntilAsync(async () => await GaugeAsync(client) == before, TimeSpan.FromSeconds(10), "the gauge is back where it was");
    }

    private static async Task<double> GaugeAsync(HttpClient client)
    {
        var samples = PrometheusText.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        return samples.Should().ContainSingle(s => s.Name == Gauge, "the gauge is exposed").Which.Value;
    }
}
