using EventChat.Application.Abstractions.Realtime;
using EventChat.Application.Friends;

namespace EventChat.Infrastructure.Realtime;

/// <summary>
/// Pushes a user's presence changes to their friends. Runs on transitions only (first connection, last one gone), so
/// reading the friends list from the read model here is not on any per-message path.
/// </summary>
public sealed class PresenceNotifier(IFriendReadModel friends, IChatPush push)
{
    private const int PageSize = 200;

    public async Task NotifyAsync(Guid userId, bool online, CancellationToken cancellationToken)
    {
        var friendIds = new List<Guid>();
        ListCursor? after = null;
        while (true)
        {
            var page = await friends.ListFriendsAsync(userId, after, PageSize, cancellationToken);
            friendIds.AddRange(page.Select(f => f.UserId));
            if (page.Count < PageSize)
            {
                break;
            }

            after = new ListCursor(page[^1].Since, page[^1].UserId);
        }

        await push.SendAsync(friendIds, ChatMethods.Presence, new PresencePush(userId, online, 0), cancellationToken);
    }
}
