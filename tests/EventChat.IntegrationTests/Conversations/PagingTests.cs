using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Conversations;

public sealed class PagingTests(ConversationsApiFactory factory) : IClassFixture<ConversationsApiFactory>
{
    [Fact]
    public async Task A_thousand_messages_read_back_in_pages_of_50_backward_and_forward_without_gaps_or_repeats()
    {
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        using (ann)
        {
            var group = await ann.CreateGroupAsync("a thousand");
            var position = await ConversationTestKit.AppendMessagesAsync(group.Id, annUser.Id, 1000);

            var backward = new List<long>();
            var url = $"/api/conversations/{group.Id}/messages?limit=50&minPosition={position}";
            var page = await ann.GetOkAsync<MessagePageDto>(url);
            while (true)
            {
                page.Items.Should().HaveCount(50);
                page.Items.Select(m => m.Seq).Should().BeInDescendingOrder();
                backward.AddRange(page.Items.Select(m => m.Seq));
                if (!page.HasMore)
                {
                    break;
                }

                page = await ann.GetOkAsync<MessagePageDto>($"{url}&beforeSeq={page.Items[^1].Seq}");
            }

            backward.Should().Equal(Enumerable.Range(1, 1000).Reverse().Select(i => (long)i));

            var forward = new List<long>();
            var after = 0L;
            while (true)
            {
                page = await ann.GetOkAsync<MessagePageDto>($"{url}&afterSeq={after}");
                page.Items.Select(m => m.Seq).Should().BeInAscendingOrder();
                forward.AddRange(page.Items.Select(m => m.Seq));
                if (!page.HasMore)
                {
                    break;
                }

                after = page.Items[^1].Seq;
            }

            forward.Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i));
            (await ann.GetOkAsync<MessagePageDto>($"{url}&afterSeq=1000")).Items.Should().BeEmpty();
            var list = await ann.GetOkAsync<ListDto>($"/api/conversations?minPosition={position}");
            var item = list.Items.Single(i => i.Id == group.Id);
            item.LastMessage!.Seq.Should().Be(1000);
            item.UnreadCount.Should().Be(0, "the messages are ann's own");
        }
    }

    [Fact]
    public async Task The_conversation_list_is_newest_activity_first_and_pages_by_before()
    {
        var (ann, _, _) = await factory.SignedInUserAsync();
        using (ann)
        {
            var groups = new List<ConversationDto>();
            for (var i = 0; i < 5; i++)
            {
                groups.Add(await ann.CreateGroupAsync($"g{i}"));
            }

            var last = await ann.SendAsync(groups[1].Id, "bump");
            var first = await ann.GetOkAsync<ListDto>($"/api/conversations?limit=3&minPosition={last.Position}");
            first.Items.Select(i => i.Id).Should().Equal(groups[1].Id, groups[4].Id, groups[3].Id);
            first.NextCursor.Should().NotBeNull();
            var second = await ann.GetOkAsync<ListDto>($"/api/conversations?limit=3&before={first.NextCursor}");
            second.Items.Select(i => i.Id).Should().Equal(groups[2].Id, groups[0].Id);
            second.NextCursor.Should().BeNull();
        }
    }
}
