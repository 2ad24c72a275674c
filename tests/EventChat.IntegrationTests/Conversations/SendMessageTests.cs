using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Conversations;

public sealed class SendMessageTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task Twenty_senders_times_25_messages_in_parallel_get_seqs_exactly_1_to_500_each_stored_once_and_history_returns_them_in_order()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => factory.SignedInUserAsync()));
        var owner = users[0];
        await ConversationTestKit.MakeFriendsWithAllAsync(owner.User.Id, users.Skip(1).Select(u => u.User.Id).ToArray());
        var group = await owner.Client.CreateGroupAsync("parallel", users.Skip(1).Select(u => u.User.Id).ToArray());

        var sent = await Task.WhenAll(users.Select(async (u, s) =>
        {
            var mine = new List<MessageDto>();
            for (var i = 0; i < 25; i++)
            {
                mine.Add(await u.Client.SendAsync(group.Id, $"sender {s} message {i}", $"s{s}-m{i}"));
            }

            return mine;
        }));

        var all = sent.SelectMany(m => m).ToList();
        all.Select(m => m.Seq).Order().Should().Equal(Enumerable.Range(1, 500).Select(i => (long)i), "seqs are 1..500 with no gap and no repeat");
        foreach (var mine in sent)
        {
            mine.Select(m => m.Seq).Should().BeInAscendingOrder("one sender's messages are numbered in the order they were sent");
        }

        (await TestEventLog.StreamAsync(ConversationTestKit.MessagesStream(group.Id).Id)).Should().HaveCount(500, "each message is stored once");
        var history = new List<MessageDto>();
        var after = 0L;
        var position = all.Max(m => m.Position);
        while (true)
        {
            var page = await owner.Client.GetOkAsync<MessagePageDto>($"/api/conversations/{group.Id}/messages?afterSeq={after}&limit=200&minPosition={position}");
            history.AddRange(page.Items);
            if (!page.HasMore)
            {
                break;
            }

            after = page.Items[^1].Seq;
        }

        history.Select(m => m.Seq).Should().Equal(Enumerable.Range(1, 500).Select(i => (long)i));
        history.Select(m => m.Id).Should().BeEquivalentTo(all.Select(m => m.Id));
        history.Select(m => (m.SenderId, m.ClientMessageId)).Should().OnlyHaveUniqueItems();
        foreach (var user in users)
        {
            user.Client.Dispose();
        }
    }

    [Fact]
    public async Task The_same_clientMessageId_sent_10_times_in_parallel_is_one_message_and_ten_answers_with_its_id_and_seq()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var conversation = ConversationTestKit.DirectId(annUser.Id, bobUser.Id);
            await ann.SendAsync(conversation, "before");

            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ann.PostMessageAsync(conversation, "once", "the-same-id")));
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<MessageDto>()));

            responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
            responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(9);
            bodies.Select(b => (b!.Id, b.Seq)).Distinct().Should().ContainSingle().Which.Seq.Should().Be(2);
            (await TestEventLog.StreamAsync(ConversationTestKit.MessagesStream(conversation).Id)).Should().HaveCount(2);

            // Later, with another text: still the original.
            var again = await ann.PostMessageAsync(conversation, "different", "the-same-id");
            await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await again.Content.ReadFromJsonAsync<MessageDto>())!.Text.Should().Be("once");
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task Bad_messages_are_400_and_store_nothing()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        using (ann)
        using (bob)
        {
            await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
            var conversation = ConversationTestKit.DirectId(annUser.Id, bobUser.Id);
            var url = $"/api/conversations/{conversation}/messages";

            (await ann.PostMessageAsync(conversation, "   ").ShouldFailAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("text");
            await ann.PostMessageAsync(conversation, new string('x', 4001)).ShouldFailAsync(HttpStatusCode.BadRequest);
            await ann.PostMessageAsync(conversation, "evil \u202Etxt").ShouldFailAsync(HttpStatusCode.BadRequest);
            await ann.PostMessageAsync(conversation, "hi", new string('c', 65)).ShouldFailAsync(HttpStatusCode.BadRequest);
            await ann.PostMessageAsync(conversation, "reply to nothing", replyToSeq: 1).ShouldFailAsync(HttpStatusCode.BadRequest);
            using var image = await ann.PostAsJsonAsync(url, new { clientMessageId = "img", type = "image" });
            (await image.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("uploadId");
            using var odd = await ann.PostAsJsonAsync(url, new { clientMessageId = "odd", type = "sticker", text = "x" });
            await odd.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            (await TestEventLog.StreamAsync(ConversationTestKit.MessagesStream(conversation).Id)).Should().BeEmpty();

            var first = await ann.SendAsync(conversation, "  line one\nline two  ");
            first.Text.Should().Be("line one\nline two");
            using var reply = await ann.PostMessageAsync(conversation, "a reply", replyToSeq: 1);
            await reply.ShouldHaveStatusAsync(HttpStatusCode.Created);
            var replied = (await reply.Content.ReadFromJsonAsync<MessageDto>())!;
            replied.ReplyToSeq.Should().Be(1);

            // The read model keeps the reply apart from the plain message (the projection writes the two kinds of row
            // with different statements).
            var history = await ann.GetOkAsync<MessagePageDto>($"{url}?afterSeq=0&minPosition={replied.Position}");
            history.Items.Select(m => (m.Seq, m.Text, m.ReplyToSeq)).Should().Equal((1L, "line one\nline two", (long?)null), (2L, "a reply", (long?)1));
        }
    }
}
