using EventChat.Domain.Common;

namespace EventChat.Domain.Tests.Common;

public sealed class UniqueIdsTests
{
    [Fact]
    public void Random_ids_are_version_4_and_do_not_repeat()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => UniqueIds.NewVersion4()).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().AllSatisfy(id =>
        {
            id.Version.Should().Be(4);
            (id.Variant & 0xC).Should().Be(0x8, "the RFC 9562 variant is 10xx");
        });
    }

    [Fact]
    public void Time_ordered_ids_carry_their_millisecond_and_sort_by_it()
    {
        var at = new DateTimeOffset(2026, 12, 2, 8, 30, 15, 123, TimeSpan.Zero);

        var earlier = UniqueIds.NewVersion7(at);
        var later = UniqueIds.NewVersion7(at.AddMilliseconds(1));

        earlier.Version.Should().Be(7);
        (earlier.Variant & 0xC).Should().Be(0x8);
        // The first 48 bits, big-endian, are the Unix milliseconds (as Guid.CreateVersion7 writes them).
        Convert.ToInt64(earlier.ToString("N")[..12], 16).Should().Be(at.ToUnixTimeMilliseconds());
        string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")).Should().BeNegative();
        UniqueIds.NewVersion7(at).Should().NotBe(earlier);
    }
}
