using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>Who may connect to the hub, and for how long.</summary>
public sealed class HubAuthenticationTests(RealtimeApiFactory factory) : IClassFixture<RealtimeApiFactory>
{
    public static TheoryData<string, string?> RefusedTokens() => new()
    {
        { "missing", null },
        { "not a JWT", "not-a-token" },
        { "expired", TestTokens.SignedWith(Guid.NewGuid(), expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "signed with another key", TestTokens.SignedWith(Guid.NewGuid(), secret: "another-secret-that-is-long-enough-0123456789") },
        { "unsigned", TestTokens.WithAlgNone(Guid.NewGuid()) },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_connection_without_a_valid_token_is_refused_at_connect(string kind, string? token)
    {
        await using var connection = PushRecorder.Build(factory.BaseAddress, token);
        var connect = () => connection.StartAsync();
        (await connect.Should().ThrowAsync<Exception>($"a {kind} token")).Which.Message.Should().Contain("401");
        connection.State.Should().Be(HubConnectionState.Disconnected);
    }

    [Fact]
    public async Task Logout_closes_the_sessions_connections_within_seconds_and_its_token_cannot_reconnect()
    {
        var (client, _, tokens) = await factory.SignedInUserAsync(ApiClientExtensions.UniqueName("rt"));
        await using var connection = await PushRecorder.ConnectAsync(factory.BaseAddress, tokens.AccessToken);

        using (var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken }))
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var closed = await Task.WhenAny(connection.Closed, Task.Delay(TimeSpan.FromSeconds(10)));
        closed.Should().BeSameAs(connection.Closed, "the server closes a connection of an ended session within seconds");

        await using var again = PushRecorder.Build(factory.BaseAddress, tokens.AccessToken);
        await Deadline.WaitUntilAsync(
            async () =>
            {
                try
                {
                    await again.StartAsync();
                    await again.StopAsync();
                    return false;
                }
                catch (Exception ex) when (ex.Message.Contains("401", StringComparison.Ordinal))
                {
                    return true;
                }
            },
            TimeSpan.FromSeconds(5),
            "the ended session's token is refused at connect");
    }
}
