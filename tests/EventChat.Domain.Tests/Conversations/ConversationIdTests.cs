using EventChat.Domain.Accounts;
using EventChat.Domain.Conversations;

namespace EventChat.Domain.Tests.Conversations;

public sealed class ConversationIdTests
{
    [Fact]
    public void A_pairs_direct_conversation_is_the_same_whichever_user_asks()
    {
        var ann = UserId.New();
        var bob = UserId.New();

        ConversationId.ForDirect(ann, bob).Should().Be(ConversationId.ForDirect(bob, ann));
        ConversationId.ForDirect(ann, bob).Should().NotBe(ConversationId.ForDirect(ann, UserId.New()));
        ConversationId.ForDirect(ann, bob).Value.Version.Should().Be(8);
    }
}
