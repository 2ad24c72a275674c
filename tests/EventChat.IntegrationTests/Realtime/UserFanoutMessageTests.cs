using System.Text;
using EventChat.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>The user fan-out's wire format: what one process publishes, another reads back whole, and a broken message is refused.</summary>
public sealed class UserFanoutMessageTests
{
    [Fact]
    public void A_message_reads_back_with_each_push_in_order_with_its_users_and_each_protocols_bytes()
    {
        string[] users = ["0195e7c2-0000-7000-8000-000000000001", "0195e7c2-0000-7000-8000-000000000002", "ü-ßer"];
        SerializedMessage[] serialized =
        [
            new("json", Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"messageCreated\"}\u001e")),
            new("messagepack", new byte[] { 0x95, 0x01, 0x80, 0xc0, 0x00 }),
        ];

        var second = new UserFanoutMessage(["0195e7c2-0000-7000-8000-000000000003"], [new("json", new byte[] { 7 })]);

        var read = UserFanoutMessage.Read(UserFanoutMessage.Write([new UserFanoutMessage(users, serialized), second]));

        read.Should().HaveCount(2);
        read[0].UserIds.Should().Equal(users);
        read[0].Serialized.Select(m => m.ProtocolName).Should().Equal("json", "messagepack");
        read[0].Serialized.Select(m => m.Serialized.ToArray()).Should().BeEquivalentTo(serialized.Select(m => m.Serialized.ToArray()), o => o.WithStrictOrdering());
        read[1].UserIds.Should().Equal(second.UserIds);
        read[1].Serialized.Single().Serialized.ToArray().Should().Equal(7);
    }

    [Fact]
    public void A_single_push_message_of_the_previous_release_is_still_delivered()
    {
        // Version 1 was one push without a push count: a version byte, then the push exactly as version 2 lays it out.
        var current = UserFanoutMessage.Write([new UserFanoutMessage(["a", "b"], [new SerializedMessage("json", new byte[] { 1, 2, 3 })])]);
        byte[] previous = [1, .. current.AsSpan(5)];

        var read = UserFanoutMessage.Read(previous);

        read.Should().ContainSingle().Which.UserIds.Should().Equal("a", "b");
        read[0].Serialized.Single().Serialized.ToArray().Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_cut_short_or_foreign_message_is_a_format_error()
    {
        var whole = UserFanoutMessage.Write([new UserFanoutMessage(["a", "b"], [new SerializedMessage("json", new byte[] { 1, 2, 3 })])]);

        for (var length = 0; length < whole.Length; length++)
        {
            var cut = whole.AsMemory(0, length);
            var read = () => UserFanoutMessage.Read(cut);
            read.Should().Throw<FormatException>($"the first {length} of {whole.Length} bytes are not a message");
        }

        var foreign = () => UserFanoutMessage.Read(Encoding.UTF8.GetBytes("{\"not\":\"ours\"}"));
        foreign.Should().Throw<FormatException>();
    }

    [Fact]
    public void A_count_larger_than_the_message_is_refused_before_anything_is_allocated()
    {
        var message = UserFanoutMessage.Write([new UserFanoutMessage(["a"], [])]);
        var pushCount = message.ToArray();
        BitConverter.TryWriteBytes(pushCount.AsSpan(1), int.MaxValue).Should().BeTrue();
        var userCount = message.ToArray();
        BitConverter.TryWriteBytes(userCount.AsSpan(5), int.MaxValue).Should().BeTrue();

        var readPushes = () => UserFanoutMessage.Read(pushCount);
        var readUsers = () => UserFanoutMessage.Read(userCount);

        readPushes.Should().Throw<FormatException>();
        readUsers.Should().Throw<FormatException>();
    }
}
