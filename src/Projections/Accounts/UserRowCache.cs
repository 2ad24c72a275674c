using EventChat.Application.Accounts;
using EventChat.Projections.Engine;
using Microsoft.Extensions.Caching.Memory;

namespace EventChat.Projections.Accounts;

/// <summary>
/// Recently read <c>rm_users</c> rows, in memory: every authenticated screen of a client reads its own profile,
/// and the round trip to MySQL was most of the cost of <c>GET /api/users/me</c> (docs/benchmarks.md).
/// <list type="bullet">
/// <item>Where the users projection runs (in this process, the default), it drops the rows of every batch it
/// applies, so a profile change shows at once.</item>
/// <item>Each entry remembers the users projection's position before its row was read (<c>AsOf</c>); a read
/// with <c>minPosition</c> uses an entry only if <c>AsOf</c> reached it, so read-your-writes never sees an
/// older row, even when a read raced the batch that changed it.</item>
/// <item>Entries live <see cref="CacheFor"/> at most: the bound on how stale a plain read may be on an instance
/// where the projection runs elsewhere (scale-out), the same bound as for ended sessions.</item>
/// </list>
/// </summary>
public sealed class UserRowCache(ProjectionProgress progress) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>Where the users projection stands in this process (0 when it runs elsewhere): take it before reading a row.</summary>
    public long ProjectionPosition => progress.PositionOf(UsersProjection.ProjectionName);

    public bool TryGet(Guid userId, long minPosition, out UserView view)
    {
        if (_cache.TryGetValue(userId, out Entry? entry) && entry!.AsOf >= minPosition)
        {
            view = entry.View;
            return true;
        }

        view = null!;
        return false;
    }

    public void Store(Guid userId, UserView view, long asOf) =>
        _cache.Set(userId, new Entry(view, asOf), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });

    public void Forget(IEnumerable<Guid> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var id in userIds)
        {
            _cache.Remove(id);
        }
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(UserView View, long AsOf);
}
