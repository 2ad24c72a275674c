using System.Net;
using System.Net.Http.Json;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.Realtime;
using EventChat.IntegrationTests.Conversations;
using EventChat.IntegrationTests.Friends;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>The pushes of the contract, to the right connections, with the real SignalR client over WebSockets.</summary>
public sealed class RealtimePushTests(RealtimeApiFactory factory) : IClassFixture<RealtimeApiFactory>
{
    private sealed record User(HttpClient Client, RegisteredUserDto Profile, TokenPairDto Tokens)
    {
        public Guid Id => Profile.Id;
    }

    private async Task<User> SignUpAsync()
    {
        var (client, profile, tokens) = await factory.SignedInUserAsync(ApiClientExtensions.UniqueName("rt"));
        return new User(client, profile, tokens);
    }

    private Task<PushRecorder> ConnectAsync(User user, bool tokenInQuery = true) => PushRecorder.ConnectAsync(factory.BaseAddress, user.Tokens.AccessToken, tokenInQuery);

    [Fact]
    public async Task A_message_reaches_every_connection_of_every_member_exactly_once_and_no_one_else()
    {
        var (ann, bob, cat, dan) = (await SignUpAsync(), await SignUpAsync(), await SignUpAsync(), await SignUpAsync());
        await ConversationTestKit.MakeFriendsAsync(ann.Id, bob.Id);
        await ConversationTestKit.MakeFriendsAsync(cat.Id, dan.Id);
        var annAndBob = ConversationTestKit.DirectId(ann.Id, bob.Id);
        var catAndDan = ConversationTestKit.DirectId(cat.Id, dan.Id);

        // Ann on two devices (token as query parameter and as header), Bob on one, Cat (not a member) at the same time.
        await using var annPhone = await ConnectAsync(ann);
        await using var annLaptop = await ConnectAsync(ann, tokenInQuery: false);
        await using var bobPhone = await ConnectAsync(bob);
        await using var catPhone = await ConnectAsync(cat);

        var first = await ann.Client.SendAsync(annAndBob, "hello");
        var second = await ann.Client.SendAsync(annAndBob, "again");
        foreach (var connection in new[] { annPhone, annLaptop, bobPhone })
        {
            // Pushes reach a connection in log order: once the second is there, every copy of the first has arrived.
            await connection.WaitForAsync(ChatMethods.MessageCreated, p => p.IdAt("id") == second.Id, "the second message reaches every member connection");
            var copies = connection.Of(ChatMethods.MessageCreated, p => p.IdAt("id") == first.Id);
            copies.Should().ContainSingle("each connection gets each message exactly once");
            copies[0].NumberAt("seq").Should().Be(first.Seq);
            copies[0].NumberAt("position").Should().Be(first.Position);
            copies[0].IdAt("conversationId").Should().Be(annAndBob);
            copies[0].Payload.GetProperty("text").GetString().Should().Be("hello");
            copies[0].IdAt("senderId").Should().Be(ann.Id);
        }

        // Cat's connection works (a message of her own conversation, pushed after Ann's by the same projection) and got none of Ann's.
        var marker = await dan.Client.SendAsync(catAndDan, "to cat");
        await catPhone.WaitForAsync(ChatMethods.MessageCreated, p => p.IdAt("id") == marker.Id, "Cat receives her own conversation's message");
        catPhone.Of(ChatMethods.MessageCreated, p => p.IdAt("conversationId") == annAndBob).Should().BeEmpty("Cat is not a member");
    }

    [Fact]
    public async Task A_burst_into_several_conversations_reaches_each_member_once_per_message_in_seq_order()
    {
        // Parallel sends into three conversations: the pushes of many messages go out together (UserFanout publishes
        // what waits as one Redis message), and each member still sees its conversation's messages once each, in order.
        var ann = await SignUpAsync();
        User[] partners = [await SignUpAsync(), await SignUpAsync(), await SignUpAsync()];
        foreach (var partner in partners)
        {
            await ConversationTestKit.MakeFriendsAsync(ann.Id, partner.Id);
        }

        var connections = new List<PushRecorder>();
        try
        {
            foreach (var partner in partners)
            {
                connections.Add(await ConnectAsync(partner));
            }

            const int perConversation = 15;
            var sent = await Task.WhenAll(partners.SelectMany(partner => Enumerable.Range(1, perConversation)
                .Select(i => ann.Client.SendAsync(ConversationTestKit.DirectId(ann.Id, partner.Id), $"burst {i}"))));

            for (var p = 0; p < partners.Length; p++)
            {
                var conversationId = ConversationTestKit.DirectId(ann.Id, partners[p].Id);
                var lastSeq = sent.Where(m => m.ConversationId == conversationId).Max(m => m.Seq);
                await connections[p].WaitForAsync(
                    ChatMethods.MessageCreated, push => push.IdAt("conversationId") == conversationId && push.NumberAt("seq") == lastSeq, "the last message of the burst arrives");
                var seqs = connections[p].Of(ChatMethods.MessageCreated, push => push.IdAt("conversationId") == conversationId).Select(push => push.NumberAt("seq")).ToList();
                seqs.Should().Equal(Enumerable.Range(1, perConversation).Select(seq => (long)seq), "each message of the conversation arrives once, in seq order");
                connections[p].Of(ChatMethods.MessageCreated, push => push.IdAt("conversationId") != conversationId).Should().BeEmpty("no one else's messages");
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Friend_request_received_accepted_and_rejected_reach_both_users()
    {
        var (ann, bob, cat) = (await SignUpAsync(), await SignUpAsync(), await SignUpAsync());
        await using var annPhone = await ConnectAsync(ann);
        await using var bobPhone = await ConnectAsync(bob);
        await using var catPhone = await ConnectAsync(cat);
        var annFriends = new FriendsUser(ann.Client, ann.Profile);
        var bobFriends = new FriendsUser(bob.Client, bob.Profile);
        var catFriends = new FriendsUser(cat.Client, cat.Profile);

        var request = await annFriends.SendRequestAsync(bobFriends, "hi bob");
        foreach (var connection in new[] { annPhone, bobPhone })
        {
            var received = await connection.WaitForAsync(ChatMethods.FriendRequestReceived, p => p.IdAt("id") == request.Id, "both users of a request hear of it");
            received.IdAt("fromUserId").Should().Be(ann.Id);
            received.IdAt("toUserId").Should().Be(bob.Id);
            received.Payload.GetProperty("message").GetString().Should().Be("hi bob");
            received.Payload.GetProperty("status").GetString().Should().Be("pending");
            received.NumberAt("position").Should().Be(request.Position);
        }

        var accepted = await bobFriends.AnswerOkAsync(request.Id, "accept");
        var direct = ConversationTestKit.DirectId(ann.Id, bob.Id);
        foreach (var connection in new[] { annPhone, bobPhone })
        {
            var push = await connection.WaitForAsync(ChatMethods.FriendRequestAccepted, p => p.IdAt("id") == request.Id, "both users hear of the acceptance");
            push.Payload.GetProperty("status").GetString().Should().Be("accepted");
            push.Payload.GetProperty("message").GetString().Should().Be("hi bob", "the answer carries the request as it was sent");
            await connection.WaitForAsync(ChatMethods.ConversationUpdated, p => p.IdAt("conversationId") == direct, "the pair's direct conversation started");
        }

        accepted.Status.Should().Be("accepted");
        var toCat = await annFriends.SendRequestAsync(catFriends);
        await catFriends.AnswerOkAsync(toCat.Id, "reject");
        foreach (var connection in new[] { annPhone, catPhone })
        {
            var push = await connection.WaitForAsync(ChatMethods.FriendRequestRejected, p => p.IdAt("id") == toCat.Id, "both users hear of the rejection");
            push.Payload.GetProperty("status").GetString().Should().Be("rejected");
        }

        bobPhone.Of(ChatMethods.FriendRequestReceived, p => p.IdAt("id") == toCat.Id).Should().BeEmpty("a request reaches its two users only");
    }

    [Fact]
    public async Task Read_marker_recall_and_group_changes_reach_the_members()
    {
        var (ann, bob, cat) = (await SignUpAsync(), await SignUpAsync(), await SignUpAsync());
        await ConversationTestKit.MakeFriendsAsync(ann.Id, bob.Id);
        var friendsWithCat = await ConversationTestKit.MakeFriendsAsync(ann.Id, cat.Id);
        await factory.Services.GetRequiredService<IReadModelConsistency>().WaitForPositionAsync(friendsWithCat, TimeSpan.FromSeconds(10), CancellationToken.None);
        var direct = ConversationTestKit.DirectId(ann.Id, bob.Id);
        await using var annPhone = await ConnectAsync(ann);
        await using var bobPhone = await ConnectAsync(bob);
        await using var catPhone = await ConnectAsync(cat);

        var message = await ann.Client.SendAsync(direct, "read me");
        var readPosition = await bob.Client.MarkReadAsync(direct, message.Seq);
        foreach (var connection in new[] { annPhone, bobPhone })
        {
            var read = await connection.WaitForAsync(ChatMethods.ConversationRead, p => p.IdAt("userId") == bob.Id && p.IdAt("conversationId") == direct, "members see Bob's read marker");
            read.NumberAt("seq").Should().Be(message.Seq);
            read.NumberAt("position").Should().Be(readPosition);
        }

        using (var recall = await ann.Client.PostAsync(new Uri($"/api/conversations/{direct}/messages/{message.Seq}/recall", UriKind.Relative), null))
        {
            await recall.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        foreach (var connection in new[] { annPhone, bobPhone })
        {
            var recalled = await connection.WaitForAsync(ChatMethods.MessageRecalled, p => p.IdAt("conversationId") == direct, "members see the recall");
            recalled.NumberAt("seq").Should().Be(message.Seq);
        }

        var group = await ann.Client.CreateGroupAsync("push group", bob.Id);
        using (var add = await ann.Client.PostAsJsonAsync($"/api/conversations/{group.Id}/members", new { userIds = new[] { cat.Id } }))
        {
            await add.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        foreach (var connection in new[] { annPhone, bobPhone })
        {
            var created = await connection.WaitForAsync(ChatMethods.ConversationUpdated, p => p.IdAt("conversationId") == group.Id, "members see the new group");
            created.NumberAt("position").Should().Be(group.Position);
        }

        await catPhone.WaitForAsync(ChatMethods.ConversationUpdated, p => p.IdAt("conversationId") == group.Id, "an added member hears of the group");
        catPhone.Of(ChatMethods.ConversationRead).Should().BeEmpty("Cat is in none of the direct conversations");
        catPhone.Of(ChatMethods.MessageRecalled).Should().BeEmpty();
    }

    [Fact]
    public async Task Typing_reaches_the_other_members_only_and_is_throttled_per_connection()
    {
        var (ann, bob) = (await SignUpAsync(), await SignUpAsync());
        await ConversationTestKit.MakeFriendsAsync(ann.Id, bob.Id);
        var direct = ConversationTestKit.DirectId(ann.Id, bob.Id);
        var group = await ann.Client.CreateGroupAsync("typing group", bob.Id);
        await using var annPhone = await ConnectAsync(ann);
        await using var bobPhone = await ConnectAsync(bob);

        for (var i = 0; i < 5; i++)
        {
            await annPhone.Connection.InvokeAsync("Typing", direct);
        }

        // Typing pushes to Bob go out in the order Ann's connection made them: once the group's arrived, the direct ones have too.
        await annPhone.Connection.InvokeAsync("Typing", group.Id);
        await bobPhone.WaitForAsync(ChatMethods.Typing, p => p.IdAt("conversationId") == group.Id, "Bob sees Ann typing in the group");
        var typing = bobPhone.Of(ChatMethods.Typing, p => p.IdAt("conversationId") == direct);
        typing.Should().ContainSingle("five typings within the throttle interval relay once");
        typing[0].IdAt("userId").Should().Be(ann.Id);
        annPhone.Of(ChatMethods.Typing).Should().BeEmpty("the typist is not told about themselves");
    }

    [Fact]
    public async Task Presence_is_online_while_any_connection_lives_and_offline_when_the_last_closes()
    {
        var (ann, bob) = (await SignUpAsync(), await SignUpAsync());
        var friends = await ConversationTestKit.MakeFriendsAsync(ann.Id, bob.Id);
        await factory.Services.GetRequiredService<IReadModelConsistency>().WaitForPositionAsync(friends, TimeSpan.FromSeconds(10), CancellationToken.None);
        await using var bobPhone = await ConnectAsync(bob);

        var annPhone = await ConnectAsync(ann);
        await bobPhone.WaitForAsync(ChatMethods.Presence, p => p.IdAt("userId") == ann.Id && p.Payload.GetProperty("online").GetBoolean(), "Ann's friend sees her come online");
        var annLaptop = await ConnectAsync(ann);
        await annPhone.DisposeAsync();
        await annLaptop.DisposeAsync();

        await bobPhone.WaitForAsync(ChatMethods.Presence, p => p.IdAt("userId") == ann.Id && !p.Payload.GetProperty("online").GetBoolean(), "Ann goes offline when her last connection closes");
        bobPhone.Of(ChatMethods.Presence, p => p.IdAt("userId") == ann.Id).Select(p => p.Payload.GetProperty("online").GetBoolean())
            .Should().Equal([true, false], "a second connection, or closing one of two, changes nothing");
    }
}
