using EventChat.Domain.Accounts;
using EventChat.Domain.Common;

namespace EventChat.Domain.Friends;

/// <summary>
/// An unordered pair of distinct users: ann+bob and bob+ann are the same pair. Everything that decides
/// between two users (requests, friendship, blocks, remarks) lives in the pair's one stream, so the event
/// store's optimistic concurrency settles races between them (two requests at once, accept against cancel).
/// </summary>
public readonly record struct FriendPair
{
    private FriendPair(UserId low, UserId high)
    {
        Low = low;
        High = high;
    }

    /// <summary>The user with the smaller id.</summary>
    public UserId Low { get; }

    public UserId High { get; }

    public static FriendPair Of(UserId first, UserId second)
    {
        if (first == second)
        {
            throw new ArgumentException("A pair needs two different users.", nameof(second));
        }

        return first.Value.CompareTo(second.Value) < 0 ? new(first, second) : new(second, first);
    }

    public StreamName Stream => new("friendship", $"friendship-{Low.Value:D}-{High.Value:D}");

    public bool Contains(UserId user) => user == Low || user == High;

    /// <summary>The other user of the pair.</summary>
    public UserId Other(UserId user) => user == Low ? High : user == High ? Low : throw new ArgumentException("Not in this pair.", nameof(user));

    public override string ToString() => Stream.Id;
}
