using StackExchange.Redis;

namespace EventChat.Infrastructure.Redis;

/// <summary>
/// Every multiplexer of a process reads its sockets on the .NET thread pool (<see cref="SocketManager.ThreadPool"/>)
/// instead of StackExchange.Redis's own pool of ten threads (<see cref="SocketManager.Shared"/>). Each reply handed
/// from one of those threads to the awaiting code woke another thread: at c = 64 the Api made 3.2 futex calls per
/// message sent (1.3 of them on the Redis pool's threads), and on this paravirtualized host every wake is a crossing
/// into the hypervisor. On the thread pool, 1.4 (docs/messaging.md, "Eighth session").
/// </summary>
/// <remarks>
/// The dedicated pool exists for processes whose thread pool is starved by synchronous waits. Request handling and the
/// projections here are asynchronous end to end; Hangfire calls its Redis storage synchronously, but from its own
/// worker threads, and the thread pool adds threads when its workers block.
/// </remarks>
public static class RedisSocketThreads
{
    public static ConfigurationOptions OnThreadPool(this ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }
}
