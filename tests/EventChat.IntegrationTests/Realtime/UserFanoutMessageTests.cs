using System.Text;
using EventChat.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>The user fan-out's wire format: what one process publishes, another reads back whole, and a broken message is refused.</summary>
public sealed class UserFanoutMessageTests
{
    [Fact]
    public void A_message_reads_back_with_its_users_and_each_protocols_bytes()
    {
        string[] users = ["0195e7c2-0000-7000-8000-000000000001", "0195e7c2-0000-7000-8000-000000000002", "ü-ßer"];
        SerializedMessage[] serialized =
        [
            new("json", Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"messageCreated\"}\u001e")),
            new("messagepack", new byte[] { 0x95, 0x01, 0x80, 0xc0, 0x00 }),
        ];

        var read = UserFanoutMessage.Read(UserFanoutMessage.Write(users, serialized));

        read.UserIds.Should().Equal(users);
        read.Serialized.Select(m => m.ProtocolName).Should().Equal("json", "messagepack");
        read.Serialized.Select(m => m.Serialized.ToArray()).Should().BeEquivalentTo(serialized.Select(m => m.Serialized.ToArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_cut_short_or_foreign_message_is_a_format_error()
    {
        var whole = UserFanoutMessage.Write(["a", "b"], [new SerializedMessage("json", new byte[] { 1, 2, 3 })]);

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
        var message = UserFanoutMessage.Write(["a"], []);
        BitConverter.TryWriteBytes(message.AsSpan(1), int.MaxValue).Should().BeTrue();

        var read = () => UserFanoutMessage.Read(message);

        read.Should().Throw<FormatException>();
    }
}
