using System.Net.Http.Headers;
using EventChat.Application.Abstractions.Realtime;
using EventChat.IntegrationTests.Conversations;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>
/// Two Api processes on one Redis (plus the in-process test hosts, whose engines compete for the same leases): a
/// message sent through one reaches a connection on the other exactly once, over the Redis backplane.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private ApiChildProcess _first = null!;
    private ApiChildProcess _second = null!;

    public async Task InitializeAsync()
    {
        var first = ApiChildProcess.StartAsync();
        var second = ApiChildProcess.StartAsync();
        (_first, _second) = (await first, await second);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_message_sent_through_one_instance_reaches_a_connection_on_the_other_exactly_once()
    {
        using var anonymous = _first.CreateClient();
        var ann = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("rt2"));
        var bob = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("rt2"));
        var annTokens = await anonymous.LoginAsync(ann.Username);
        var bobTokens = await anonymous.LoginAsync(bob.Username);
        await ConversationTestKit.MakeFriendsAsync(ann.Id, bob.Id);
        var direct = ConversationTestKit.DirectId(ann.Id, bob.Id);

        // Bob on the second instance's WS_PORT, Ann on the first instance's PORT.
        await using var bobPhone = await PushRecorder.ConnectAsync(_second.WsAddress, bobTokens.AccessToken);
        await using var annPhone = await PushRecorder.ConnectAsync(_first.HttpAddress, annTokens.AccessToken);
        using var annClient = _first.CreateClient();
        annClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", annTokens.AccessToken);
        using var bobClient = _second.CreateClient();
        bobClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bobTokens.AccessToken);

        var first = await annClient.SendAsync(direct, "through the first instance");
        var second = await annClient.SendAsync(direct, "and again");
        await bobPhone.WaitForAsync(ChatMethods.MessageCreated, p => p.IdAt("id") == second.Id, "Bob, on the other instance, receives Ann's messages");
        var copies = bobPhone.Of(ChatMethods.MessageCreated, p => p.IdAt("id") == first.Id);
        copies.Should().ContainSingle("push projections run once per cluster, not once per instance");
        copies[0].NumberAt("seq").Should().Be(first.Seq);

        // And the other way round: sent through the second, received on the first.
        var reply = await bobClient.SendAsync(direct, "back through the second");
        await annPhone.WaitForAsync(ChatMethods.MessageCreated, p => p.IdAt("id") == reply.Id, "Ann, on the first instance, receives Bob's reply");
        annPhone.Of(ChatMethods.MessageCreated, p => p.IdAt("id") == first.Id).Should().ContainSingle();
    }
}
