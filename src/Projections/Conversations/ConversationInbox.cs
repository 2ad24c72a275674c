using System.Globalization;
using EventChat.Infrastructure.Configuration;
using StackExchange.Redis;

namespace EventChat.Projections.Conversations;

/// <summary>
/// The conversation inbox in Redis: per user, their conversations ordered by latest activity, with each
/// one's read marker; per conversation, its members, last seq and activity. A conversation list page is
/// one script call (<see cref="ReadPageAsync"/>). Written only by <see cref="ConversationInboxProjection"/>.
/// </summary>
/// <remarks>
/// Keys live under the deployment's database name and a generation, <c>eventchat:{DB_NAME}:inbox:{generation}:</c>
/// (deployments and test databases sharing one Redis database never mix), the live generation named by
/// <c>…:inbox:generation</c>, so a
/// rebuild fills a new generation beside the live one and switches with one SET. The scripts build key
/// names from arguments, which standalone Redis (and Redis with a replica) serves; Redis Cluster would not.
/// <para>Idempotent under replay: each conversation keeps the log position of the last event applied to it
/// (<c>applied</c>), and an event at or before that position is skipped, whatever it was.</para>
/// </remarks>
public sealed class ConversationInbox(IConnectionMultiplexer redis, EventChatSettings settings)
{

    // KEYS[1]: the live generation's key. ARGV[1]: the key prefix; ARGV[2]: the generation, or "" for the live one;
    // then operations, each "kind, conversation, position, ...".
    private const string ApplyScript = """
        local g = ARGV[2]
        if g == '' then g = redis.call('GET', KEYS[1]) or '0' end
        local p = ARGV[1] .. g .. ':'
        local applied, lastseq, activity = p .. 'applied', p .. 'lastseq', p .. 'activity'
        local function setmax(key, field, value)
          if value > tonumber(redis.call('HGET', key, field) or '0') then redis.call('HSET', key, field, value) end
        end
        local i, n = 3, #ARGV
        while i <= n do
          local kind, conv, pos = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
          i = i + 3
          local fresh = pos > tonumber(redis.call('HGET', applied, conv) or '0')
          local members = p .. 'members:' .. conv
          if kind == 'J' then
            -- Members join (a conversation starts when created is set): listed at the conversation's activity,
            -- with everything sent before they joined marked read.
            local created, count = ARGV[i], tonumber(ARGV[i + 1])
            if fresh then
              if created == '1' then setmax(activity, conv, pos) end
              local score = redis.call('HGET', activity, conv) or '0'
              local seq = redis.call('HGET', lastseq, conv) or '0'
              for k = i + 2, i + 1 + count do
                redis.call('SADD', members, ARGV[k])
                redis.call('ZADD', p .. 'order:' .. ARGV[k], score, conv)
                redis.call('HSETNX', p .. 'read:' .. ARGV[k], conv, seq)
              end
            end
            i = i + 2 + count
          elseif kind == 'L' then
            if fresh then
              local user = ARGV[i]
              redis.call('SREM', members, user)
              redis.call('ZREM', p .. 'order:' .. user, conv)
              redis.call('HDEL', p .. 'read:' .. user, conv)
            end
            i = i + 1
          elseif kind == 'M' then
            -- Messages and read markers: the newest seq, the newest activity (0: markers only), then per user the highest marker.
            local seq, act, count = tonumber(ARGV[i]), tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
            if fresh then
              if seq > 0 then setmax(lastseq, conv, seq) end
              if act > 0 then
                setmax(activity, conv, act)
                for _, m in ipairs(redis.call('SMEMBERS', members)) do
                  redis.call('ZADD', p .. 'order:' .. m, 'GT', act, conv)
                end
              end
              for k = i + 3, i + 1 + 2 * count, 2 do
                if redis.call('SISMEMBER', members, ARGV[k]) == 1 then
                  setmax(p .. 'read:' .. ARGV[k], conv, tonumber(ARGV[k + 1]))
                end
              end
            end
            i = i + 3 + 2 * count
          else
            return redis.error_reply('unknown inbox operation ' .. kind)
          end
          if fresh then redis.call('HSET', applied, conv, pos) end
        end
        return 0
        """;

    // KEYS[1]: the live generation's key. ARGV: user, the highest score to include ("+inf" or "(position"), how many,
    // the generation ("" for the live one), the key prefix.
    private const string ReadScript = """
        local g = ARGV[4]
        if g == '' then g = redis.call('GET', KEYS[1]) or '0' end
        local p = ARGV[5] .. g .. ':'
        local user = ARGV[1]
        local page = redis.call('ZREVRANGEBYSCORE', p .. 'order:' .. user, ARGV[2], '-inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
        local out = {}
        for k = 1, #page, 2 do
          local conv = page[k]
          out[#out + 1] = conv
          out[#out + 1] = page[k + 1]
          out[#out + 1] = redis.call('HGET', p .. 'lastseq', conv) or '0'
          out[#out + 1] = redis.call('HGET', p .. 'read:' .. user, conv) or '0'
        end
        return out
        """;

    // ARGV: the key prefix, the generation, the conversation. One conversation's whole state, read atomically: applied
    // position, last seq, activity, then per member (sorted) the user, their list's score and their read marker ("" when absent).
    private const string ReadConversationScript = """
        local p = ARGV[1] .. ARGV[2] .. ':'
        local conv = ARGV[3]
        local out = { redis.call('HGET', p .. 'applied', conv) or '0', redis.call('HGET', p .. 'lastseq', conv) or '0', redis.call('HGET', p .. 'activity', conv) or '0' }
        local members = redis.call('SMEMBERS', p .. 'members:' .. conv)
        table.sort(members)
        for _, m in ipairs(members) do
          out[#out + 1] = m
          out[#out + 1] = redis.call('ZSCORE', p .. 'order:' .. m, conv) or ''
          out[#out + 1] = redis.call('HGET', p .. 'read:' .. m, conv) or ''
        end
        return out
        """;

    /// <summary>Every key of the inbox starts with this (then the generation).</summary>
    public string KeyPrefix { get; } = $"eventchat:{settings.DbName}:inbox:";

    /// <summary>The key naming the live generation.</summary>
    public string LiveGenerationKey => KeyPrefix + "generation";

    private RedisKey[] LiveGenerationKeys => [LiveGenerationKey];

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Applies operations (see <see cref="InboxOperations"/>) to the live generation, or to <paramref name="generation"/>.</summary>
    public async Task ApplyAsync(InboxOperations operations, long? generation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.IsEmpty)
        {
            return;
        }

        var args = operations.ToArguments(KeyPrefix, generation?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        await Database.ScriptEvaluateAsync(ApplyScript, LiveGenerationKeys, args);
    }

    /// <summary>One page of a user's conversations, newest activity first, strictly before <paramref name="beforePosition"/>: one Redis call.</summary>
    public async Task<IReadOnlyList<InboxEntry>> ReadPageAsync(Guid userId, long? beforePosition, int take, long? generation = null)
    {
        var max = beforePosition is { } before ? "(" + before.ToString(CultureInfo.InvariantCulture) : "+inf";
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
            ReadScript, LiveGenerationKeys, [userId.ToString("N"), max, take, generation?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, KeyPrefix]))!;
        var entries = new InboxEntry[result.Length / 4];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new InboxEntry(
                Guid.ParseExact((string)result[4 * i]!, "N"),
                (long)(double)result[(4 * i) + 1],
                (long)result[(4 * i) + 2],
                (long)result[(4 * i) + 3]);
        }

        return entries;
    }

    /// <summary>The live generation's number (0 before the first rebuild).</summary>
    public async Task<long> LiveGenerationAsync() =>
        (await Database.StringGetAsync(LiveGenerationKey)).TryParse(out long generation) ? generation : 0;

    /// <summary>Every conversation of a generation with the log position last applied to it (HSCAN: never one long blocking call).</summary>
    public async IAsyncEnumerable<(Guid ConversationId, long Applied)> ScanConversationsAsync(long generation)
    {
        await foreach (var entry in Database.HashScanAsync($"{KeyPrefix}{generation.ToString(CultureInfo.InvariantCulture)}:applied", pageSize: 500))
        {
            yield return (Guid.ParseExact(entry.Name.ToString(), "N"), (long)entry.Value);
        }
    }

    /// <summary>One conversation's whole state in a generation, read in one script call (a consistent view of it).</summary>
    public async Task<InboxConversationState> ReadConversationAsync(Guid conversationId, long generation)
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
            ReadConversationScript, [], [KeyPrefix, generation.ToString(CultureInfo.InvariantCulture), conversationId.ToString("N")]))!;
        var members = new List<InboxMemberState>();
        for (var i = 3; i + 2 < result.Length; i += 3)
        {
            members.Add(new InboxMemberState(Guid.ParseExact((string)result[i]!, "N"), (string?)result[i + 1] is { Length: > 0 } score ? score : null,
                (string?)result[i + 2] is { Length: > 0 } read ? read : null));
        }

        return new InboxConversationState((long)result[0], (long)result[1], (long)result[2], members);
    }

    /// <summary>A new, empty generation beside the live one (a rebuild fills it).</summary>
    public async Task<long> CreateGenerationAsync() => await Database.StringIncrementAsync(KeyPrefix + "generations");

    /// <summary>Makes <paramref name="generation"/> the live one, then deletes the one it replaced.</summary>
    public async Task SwapInAsync(long generation)
    {
        var replaced = await Database.StringSetAndGetAsync(LiveGenerationKey, generation);
        await DeleteGenerationAsync(replaced.TryParse(out long old) ? old : 0);
    }

    /// <summary>Deletes every key of a generation (SCAN, then DEL in pages of 500: never one long blocking call).</summary>
    public async Task DeleteGenerationAsync(long generation)
    {
        var server = redis.GetServers().First(s => !s.IsReplica);
        var batch = new List<RedisKey>(500);
        await foreach (var key in server.KeysAsync(Database.Database, $"{KeyPrefix}{generation.ToString(CultureInfo.InvariantCulture)}:*", pageSize: 500))
        {
            batch.Add(key);
            if (batch.Count == 500)
            {
                await Database.KeyDeleteAsync([.. batch], CommandFlags.FireAndForget);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await Database.KeyDeleteAsync([.. batch]);
        }
    }
}

/// <summary>One conversation of a user's inbox: its activity position (the list's order and cursor), last seq and the user's read marker.</summary>
public sealed record InboxEntry(Guid ConversationId, long ActivityPosition, long LastSeq, long LastReadSeq);

/// <summary>One conversation in the inbox: the position last applied to it, its last seq and activity, and its members.</summary>
public sealed record InboxConversationState(long Applied, long LastSeq, long Activity, IReadOnlyList<InboxMemberState> Members);

/// <summary>A member of a conversation in the inbox: their list's score for it and their read marker, as stored (null when absent).</summary>
public sealed record InboxMemberState(Guid UserId, string? Score, string? LastReadSeq);
