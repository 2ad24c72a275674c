using System.Net;
using System.Net.Http.Json;
using EventChat.Domain.Accounts;
using EventChat.Domain.Conversations;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Friends;

/// <summary>
/// The races the pair stream settles, each run <see cref="Rounds"/> times: every round ends in exactly one consistent
/// outcome in the pair's stream, the conversation's stream and the read models.
/// </summary>
public sealed class FriendsConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Rounds = 20;

    [Fact]
    public async Task Two_users_requesting_each_other_at_once_end_with_one_pending_request()
    {
        var pairs = await PairsAsync();
        try
        {
            foreach (var (ann, bob) in pairs)
            {
                var outcomes = await Task.WhenAll(SendAsync(ann, bob), SendAsync(bob, ann));

                outcomes.Select(o => o.Status).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict]);
                var stream = await TestEventLog.StreamAsync(FriendsUser.PairOf(ann, bob).Stream.Id);
                stream.Select(e => e.EventType).Should().Equal("friend-request.sent.v1");
                var winner = outcomes.Single(o => o.Status == HttpStatusCode.Created);
                var pending = (await ann.RequestsAsync("incoming", "pending", winner.Position)).Items
                    .Concat((await bob.RequestsAsync("incoming", "pending", winner.Position)).Items);
                pending.Should().ContainSingle().Which.Id.Should().Be(winner.Request!.Id);
            }
        }
        finally
        {
            Dispose(pairs);
        }
    }

    [Fact]
    public async Task Accept_racing_cancel_ends_in_exactly_one_of_the_two()
    {
        var pairs = await PairsAsync();
        var outcomes = new List<string>();
        try
        {
            foreach (var (ann, bob) in pairs)
            {
                var request = await ann.SendRequestAsync(bob);
                var answers = await Task.WhenAll(AnswerAsync(bob, request.Id, "accept"), AnswerAsync(ann, request.Id, "cancel"));

                answers.Select(a => a.Status).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
                var won = answers.Single(a => a.Status == HttpStatusCode.OK);
                outcomes.Add(won.Request!.Status);
                var stream = (await TestEventLog.StreamAsync(FriendsUser.PairOf(ann, bob).Stream.Id)).Select(e => e.EventType).ToArray();
                var conversation = await TestEventLog.StreamAsync(ConversationId.ForDirect(new UserId(ann.Id), new UserId(bob.Id)).Stream.Id);
                var friends = (await ann.FriendsAsync(won.Position)).Items;
                var outgoing = (await ann.RequestsAsync("outgoing", won.Request.Status, won.Position)).Items;
                outgoing.Should().ContainSingle().Which.Id.Should().Be(request.Id);
                if (won.Request.Status == "accepted")
                {
                    stream.Should().Equal("friend-request.sent.v1", "friend-request.accepted.v1");
                    conversation.Should().ContainSingle();
                    friends.Should().ContainSingle().Which.UserId.Should().Be(bob.Id);
                }
                else
                {
                    won.Request.Status.Should().Be("cancelled");
                    stream.Should().Equal("friend-request.sent.v1", "friend-request.cancelled.v1");
                    conversation.Should().BeEmpty();
                    friends.Should().BeEmpty();
                }
            }
        }
        finally
        {
            Dispose(pairs);
        }

        outcomes.Should().HaveCount(Rounds);
    }

    [Fact]
    public async Task Double_accept_makes_one_friendship_and_one_conversation()
    {
        var pairs = await PairsAsync();
        try
        {
            foreach (var (ann, bob) in pairs)
            {
                var request = await ann.SendRequestAsync(bob);
                var answers = await Task.WhenAll(AnswerAsync(bob, request.Id, "accept"), AnswerAsync(bob, request.Id, "accept"));

                answers.Select(a => a.Status).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
                var won = answers.Single(a => a.Status == HttpStatusCode.OK);
                (await TestEventLog.StreamAsync(FriendsUser.PairOf(ann, bob).Stream.Id)).Select(e => e.EventType)
                    .Should().Equal("friend-request.sent.v1", "friend-request.accepted.v1");
                (await TestEventLog.StreamAsync(ConversationId.ForDirect(new UserId(ann.Id), new UserId(bob.Id)).Stream.Id)).Should().ContainSingle();
                (await ann.FriendsAsync(won.Position)).Items.Should().ContainSingle().Which.UserId.Should().Be(bob.Id);
                (await bob.FriendsAsync(won.Position)).Items.Should().ContainSingle().Which.UserId.Should().Be(ann.Id);
            }
        }
        finally
        {
            Dispose(pairs);
        }
    }

    private sealed record Outcome(HttpStatusCode Status, FriendRequestDto? Request, long Position);

    private async Task<(FriendsUser Ann, FriendsUser Bob)[]> PairsAsync() =>
        await Task.WhenAll(Enumerable.Range(0, Rounds).Select(async _ => (await FriendsUser.SignUpAsync(factory), await FriendsUser.SignUpAsync(factory))));

    private static async Task<Outcome> SendAsync(FriendsUser from, FriendsUser to)
    {
        using var response = await from.RequestAsync(to.Id);
        return await OutcomeOfAsync(response);
    }

    private static async Task<Outcome> AnswerAsync(FriendsUser user, Guid requestId, string verb)
    {
        using var response = await user.AnswerAsync(requestId, verb);
        return await OutcomeOfAsync(response);
    }

    private static async Task<Outcome> OutcomeOfAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            await response.ShouldBeProblemAsync(response.StatusCode);
            return new Outcome(response.StatusCode, null, 0);
        }

        var request = (await response.Content.ReadFromJsonAsync<FriendRequestDto>())!;
        return new Outcome(response.StatusCode, request, request.Position);
    }

    private static void Dispose((FriendsUser Ann, FriendsUser Bob)[] pairs)
    {
        foreach (var (ann, bob) in pairs)
        {
            ann.Dispose();
            bob.Dispose();
        }
    }
}
