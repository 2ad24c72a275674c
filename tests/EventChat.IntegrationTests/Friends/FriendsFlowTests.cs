using System.Net;
using System.Net.Http.Json;
using EventChat.Domain.Accounts;
using EventChat.Domain.Conversations;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Friends;

/// <summary>The whole friends lifecycle over HTTP for three users, with every refusal the contract names.</summary>
public sealed class FriendsFlowTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Requests_friendship_remarks_blocks_and_unfriend_behave_as_the_contract_says()
    {
        using var ann = await FriendsUser.SignUpAsync(factory);
        using var bob = await FriendsUser.SignUpAsync(factory);
        using var cat = await FriendsUser.SignUpAsync(factory);

        // Refusals before any request: to self 400, to nobody 404.
        using (var self = await ann.RequestAsync(ann.Id))
        {
            (await self.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("toUserId", out _).Should().BeTrue();
        }

        using (var nobody = await ann.RequestAsync(Guid.NewGuid()))
        {
            await nobody.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        // ann asks bob: 201 with the request, its Location and its position.
        using var sent = await ann.RequestAsync(bob.Id, "  hi bob  ");
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var request = (await sent.Content.ReadFromJsonAsync<FriendRequestDto>())!;
        request.Should().BeEquivalentTo(new { FromUserId = ann.Id, ToUserId = bob.Id, Message = "hi bob", Status = "pending" });
        request.Position.Should().Be(FriendsUser.PositionOf(sent)).And.BePositive();
        sent.Headers.Location!.ToString().Should().Be($"/api/friend-requests/{request.Id}");

        // A duplicate, and a request back while it is pending: 409.
        using (var duplicate = await ann.RequestAsync(bob.Id))
        {
            await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        using (var reverse = await bob.RequestAsync(ann.Id))
        {
            (await reverse.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("accept theirs");
        }

        // Another user's request is not visible: 404 for cat, whatever the verb; the sender cannot answer (403),
        // the recipient cannot cancel (403).
        foreach (var verb in new[] { "accept", "reject", "cancel" })
        {
            using var third = await cat.AnswerAsync(request.Id, verb);
            await third.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        using (var byCat = await cat.Client.GetAsync(new Uri($"/api/friend-requests/{request.Id}", UriKind.Relative)))
        {
            await byCat.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        using (var acceptBySender = await ann.AnswerAsync(request.Id, "accept"))
        {
            await acceptBySender.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var rejectBySender = await ann.AnswerAsync(request.Id, "reject"))
        {
            await rejectBySender.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var cancelByRecipient = await bob.AnswerAsync(request.Id, "cancel"))
        {
            await cancelByRecipient.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var unknown = await bob.AnswerAsync(Guid.NewGuid(), "accept"))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        // The lists, reading the request's own write.
        (await bob.RequestsAsync("incoming", "pending", request.Position)).Items.Should().ContainSingle().Which.Id.Should().Be(request.Id);
        (await ann.RequestsAsync("outgoing", "pending", request.Position)).Items.Should().ContainSingle().Which.Id.Should().Be(request.Id);
        (await ann.RequestsAsync("incoming", "pending", request.Position)).Items.Should().BeEmpty();

        // bob accepts: friends, and the pair's direct conversation starts in the same append.
        var accepted = await bob.AnswerOkAsync(request.Id, "accept");
        accepted.Status.Should().Be("accepted");
        var pair = FriendsUser.PairOf(ann, bob);
        (await TestEventLog.StreamAsync(pair.Stream.Id)).Select(e => e.EventType)
            .Should().Equal("friend-request.sent.v1", "friend-request.accepted.v1");
        var conversation = ConversationId.ForDirect(new UserId(ann.Id), new UserId(bob.Id));
        var started = await TestEventLog.StreamAsync(conversation.Stream.Id);
        started.Select(e => e.EventType).Should().Equal("conversation.direct-started.v1");
        started[0].Position.Should().Be(accepted.Position, "the friendship and the conversation are one atomic append");
        (await TestEventLog.StreamAsync(pair.Stream.Id))[^1].Metadata.UserId.Should().Be(bob.Id.ToString("D"), "events say who did what");

        // No longer pending: cancel, accept, reject are 409; a new request is 409 (already friends).
        foreach (var (user, verb) in new[] { (ann, "cancel"), (bob, "accept"), (bob, "reject") })
        {
            using var late = await user.AnswerAsync(request.Id, verb);
            await late.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        using (var again = await bob.RequestAsync(ann.Id))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        var annFriends = await ann.FriendsAsync(accepted.Position);
        annFriends.Items.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { UserId = bob.Id, Username = bob.Username, Remark = (string?)null, ConversationId = conversation.Value, AvatarUrl = (string?)null });
        (await bob.FriendsAsync(accepted.Position)).Items.Should().ContainSingle().Which.UserId.Should().Be(ann.Id);
        (await bob.RequestsAsync("incoming", "accepted", accepted.Position)).Items.Should().ContainSingle().Which.Id.Should().Be(request.Id);

        // Remarks: private to their owner; a non-friend is 404; too long 400.
        using (var remark = await ann.Client.PutAsJsonAsync($"/api/friends/{bob.Id}/remark", new { remark = "Bobby" }))
        {
            await remark.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            var position = FriendsUser.PositionOf(remark);
            (await ann.FriendsAsync(position)).Items.Single().Remark.Should().Be("Bobby");
            (await bob.FriendsAsync(position)).Items.Single().Remark.Should().BeNull();
        }

        using (var sameRemark = await ann.Client.PutAsJsonAsync($"/api/friends/{bob.Id}/remark", new { remark = "Bobby" }))
        {
            await sameRemark.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            FriendsUser.PositionOf(sameRemark).Should().Be(0, "the same remark again appends nothing");
        }

        using (var notFriend = await ann.Client.PutAsJsonAsync($"/api/friends/{cat.Id}/remark", new { remark = "Cat" }))
        {
            await notFriend.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        // cat asks ann; ann blocks cat: the pending request is cancelled in the same append.
        var catRequest = await cat.SendRequestAsync(ann, "hello");
        using var block = await ann.Client.PutAsync(new Uri($"/api/blocks/{cat.Id}", UriKind.Relative), null);
        await block.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        var blockPosition = FriendsUser.PositionOf(block);
        var catPair = await TestEventLog.StreamAsync(FriendsUser.PairOf(ann, cat).Stream.Id);
        catPair.Select(e => e.EventType).Should().Equal("friend-request.sent.v1", "user.blocked.v1", "friend-request.cancelled.v1");
        catPair[2].DataJson.Should().Contain("blocked");
        (await cat.RequestsAsync("outgoing", "cancelled", blockPosition)).Items.Should().ContainSingle().Which.Id.Should().Be(catRequest.Id);
        using (var cancelled = await cat.AnswerAsync(catRequest.Id, "cancel"))
        {
            await cancelled.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        // Either side blocked: 403 both ways.
        using (var fromBlocked = await cat.RequestAsync(ann.Id))
        {
            await fromBlocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var toBlocked = await ann.RequestAsync(cat.Id))
        {
            await toBlocked.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        // Blocking twice appends nothing; the list shows the block; blocking self 400, nobody 404.
        using (var twice = await ann.Client.PutAsync(new Uri($"/api/blocks/{cat.Id}", UriKind.Relative), null))
        {
            await twice.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            FriendsUser.PositionOf(twice).Should().Be(0);
        }

        (await ann.BlocksAsync(blockPosition)).Items.Should().ContainSingle().Which.Should().BeEquivalentTo(new { UserId = cat.Id, Username = cat.Username });
        (await cat.BlocksAsync(blockPosition)).Items.Should().BeEmpty();
        using (var blockSelf = await ann.Client.PutAsync(new Uri($"/api/blocks/{ann.Id}", UriKind.Relative), null))
        {
            await blockSelf.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var blockNobody = await ann.Client.PutAsync(new Uri($"/api/blocks/{Guid.NewGuid()}", UriKind.Relative), null))
        {
            await blockNobody.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        // A block does not unfriend: ann blocks bob, they stay friends; unblock, twice.
        using (var blockFriend = await ann.Client.PutAsync(new Uri($"/api/blocks/{bob.Id}", UriKind.Relative), null))
        {
            await blockFriend.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            (await ann.FriendsAsync(FriendsUser.PositionOf(blockFriend))).Items.Should().ContainSingle().Which.UserId.Should().Be(bob.Id);
        }

        using (var unblock = await ann.Client.DeleteAsync(new Uri($"/api/blocks/{cat.Id}", UriKind.Relative)))
        {
            await unblock.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            FriendsUser.PositionOf(unblock).Should().BePositive();
            (await ann.BlocksAsync(FriendsUser.PositionOf(unblock))).Items.Select(b => b.UserId).Should().Equal(bob.Id);
        }

        using (var unblockAgain = await ann.Client.DeleteAsync(new Uri($"/api/blocks/{cat.Id}", UriKind.Relative)))
        {
            await unblockAgain.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            FriendsUser.PositionOf(unblockAgain).Should().Be(0);
        }

        (await cat.SendRequestAsync(ann)).Status.Should().Be("pending", "after the unblock cat may ask again");

        using (var unblockBob = await ann.Client.DeleteAsync(new Uri($"/api/blocks/{bob.Id}", UriKind.Relative)))
        {
            await unblockBob.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        // Unfriend: both sides; again (or a non-friend) is 404.
        using var unfriend = await bob.Client.DeleteAsync(new Uri($"/api/friends/{ann.Id}", UriKind.Relative));
        await unfriend.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await ann.FriendsAsync(FriendsUser.PositionOf(unfriend))).Items.Should().BeEmpty();
        (await bob.FriendsAsync(FriendsUser.PositionOf(unfriend))).Items.Should().BeEmpty();
        using (var unfriendAgain = await ann.Client.DeleteAsync(new Uri($"/api/friends/{bob.Id}", UriKind.Relative)))
        {
            await unfriendAgain.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        // Friends again: the pair keeps its one direct conversation; the old remark is gone.
        var second = await bob.SendRequestAsync(ann);
        var reaccepted = await ann.AnswerOkAsync(second.Id, "accept");
        (await TestEventLog.StreamAsync(conversation.Stream.Id)).Should().ContainSingle("the conversation started once");
        (await ann.FriendsAsync(reaccepted.Position)).Items.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { UserId = bob.Id, Remark = (string?)null, ConversationId = conversation.Value });
    }

    [Fact]
    public async Task Lists_page_newest_first_with_the_before_cursor()
    {
        using var hub = await FriendsUser.SignUpAsync(factory);
        var senders = new List<FriendsUser>();
        long position = 0;
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var sender = await FriendsUser.SignUpAsync(factory);
                senders.Add(sender);
                position = (await sender.SendRequestAsync(hub)).Position;
            }

            var seen = new List<Guid>();
            string? cursor = null;
            do
            {
                var page = await hub.RequestsAsync("incoming", "pending", position, $"&limit=2{(cursor is null ? string.Empty : "&before=" + cursor)}");
                page.Items.Length.Should().BeLessThanOrEqualTo(2);
                seen.AddRange(page.Items.Select(r => r.FromUserId));
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            seen.Should().Equal(senders.Select(s => s.Id).Reverse(), "newest first, each request once");
        }
        finally
        {
            senders.ForEach(s => s.Dispose());
        }
    }
}
