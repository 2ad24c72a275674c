using EventChat.Infrastructure.Realtime;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>An Api instance shutting down while Redis hangs: the backplane must not fail the host's disposal.</summary>
public sealed class BackplaneShutdownTests
{
    [Fact]
    public async Task The_backplane_shuts_down_without_an_error_when_redis_stops_answering()
    {
        await using var redis = new PrivateRedis();
        await redis.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignalR().AddChatRedisBackplane($"127.0.0.1:{redis.Port},syncTimeout=1000", "eventchat:backplane-shutdown-test");
        var provider = services.BuildServiceProvider();
        var backplane = provider.GetRequiredService<HubLifetimeManager<ChatHub>>();
        // The first publish opens the backplane's connection and its subscriptions; a push to users opens the user channel's.
        await backplane.SendAllAsync("Ping", []);
        await backplane.SendUsersAsync(["someone"], "Ping", []);

        await redis.FreezeAsync();
        var dispose = () => provider.Dispose();

        // The stock RedisHubLifetimeManager throws a RedisTimeoutException here, out of the host's disposal.
        dispose.Should().NotThrow();
    }
}
