using EventChat.Projections.Conversations;
using EventChat.Projections.Engine;

namespace EventChat.Projections.Audit;

/// <summary>
/// Verifies the Redis inbox (<see cref="ConversationInboxProjection"/>) conversation by conversation. Redis has no
/// snapshot and the inbox is written before its checkpoint moves, so there is no one position to freeze it at; but all
/// of a conversation's state (last seq, activity, members, each member's list score and read marker) changes only with
/// that conversation's events and records the position of the last one applied (<c>applied</c>). So: the checkpoint C is
/// read, the log is replayed up to C into a new key generation, and each conversation is compared where the live one
/// stands at a position the replay covers: live <c>applied</c> ≤ C must equal the replay's (else the live inbox missed or
/// invented an event) and then every value must match; a conversation the live inbox moved past C meanwhile is counted
/// as not compared. Each side of a conversation is read in one script call, a consistent view of it.
/// </summary>
public sealed class InboxVerifier(ProjectionCatalog projections, ProjectionReplay replay, ProjectionCheckpoints checkpoints, ConversationInbox inbox)
{
    /// <summary>The name the report gives the inbox's one "table": a conversation per row.</summary>
    public const string Table = "redis:inbox";

    public IProjection? Projection => projections.All.OfType<ConversationInboxProjection>().SingleOrDefault();

    public async Task<(ProjectionVerification Result, List<VerifyDifference> Differences, long Count)> VerifyAsync(
        int index, int count, IProgress<VerifyProgress>? progress, int maxListed, CancellationToken cancellationToken)
    {
        var projection = Projection ?? throw new InvalidOperationException("The inbox projection is not registered.");
        var checkpoint = await checkpoints.ReadPositionAsync(projection.Name, cancellationToken);
        var live = await inbox.LiveGenerationAsync();
        var scratch = await inbox.CreateGenerationAsync();
        try
        {
            var tally = new ReplayTally();
            await replay.ReplayAsync(
                projection,
                (events, _) => inbox.ApplyAsync(ConversationInboxProjection.ToOperations(events), scratch),
                0,
                checkpoint,
                tally,
                VerifyProgress.Replaying(progress, projection.Name, index, count),
                cancellationToken);

            progress?.Report(new VerifyProgress(projection.Name, index, count, checkpoint, checkpoint, "comparing"));
            var differences = new List<VerifyDifference>();
            long found = 0, replayed = 0, notCompared = 0;
            void Add(VerifyDifference difference)
            {
                if (found++ < maxListed)
                {
                    differences.Add(difference);
                }
            }

            var seen = new HashSet<Guid>();
            await foreach (var (conversation, _) in inbox.ScanConversationsAsync(scratch).WithCancellation(cancellationToken))
            {
                if (!seen.Add(conversation))
                {
                    continue;
                }

                replayed++;
                var expected = await inbox.ReadConversationAsync(conversation, scratch);
                var actual = await inbox.ReadConversationAsync(conversation, live);
                if (actual.Applied > checkpoint)
                {
                    notCompared++;
                }
                else if (actual.Applied == 0)
                {
                    Add(Difference(projection.Name, conversation, VerifyDifference.MissingInLive, Columns(expected).Select(c => new ColumnDifference(c.Key, null, c.Value))));
                }
                else
                {
                    var liveColumns = Columns(actual);
                    var replayedColumns = Columns(expected);
                    var changed = liveColumns.Keys.Union(replayedColumns.Keys)
                        .Where(k => liveColumns.GetValueOrDefault(k) != replayedColumns.GetValueOrDefault(k))
                        .Select(k => new ColumnDifference(k, liveColumns.GetValueOrDefault(k), replayedColumns.GetValueOrDefault(k)))
                        .ToArray();
                    if (changed.Length > 0)
                    {
                        Add(Difference(projection.Name, conversation, VerifyDifference.Different, changed));
                    }
                }
            }

            // Conversations only the live inbox has, at a position the replay covers.
            await foreach (var (conversation, applied) in inbox.ScanConversationsAsync(live).WithCancellation(cancellationToken))
            {
                if (applied <= checkpoint && !seen.Contains(conversation))
                {
                    var actual = await inbox.ReadConversationAsync(conversation, live);
                    Add(Difference(projection.Name, conversation, VerifyDifference.OnlyInLive, Columns(actual).Select(c => new ColumnDifference(c.Key, c.Value, null))));
                }
            }

            var table = new TableVerification(Table, replayed, found, found > maxListed) { NotCompared = notCompared };
            return (new ProjectionVerification(projection.Name, checkpoint, tally.AppliedEvents, tally.Parked.Count, [table]), differences, found);
        }
        finally
        {
            await inbox.DeleteGenerationAsync(scratch);
        }
    }

    /// <summary>A conversation's state as named values: <c>applied</c>, <c>lastSeq</c>, <c>activity</c>, <c>members</c>, then per member <c>score:{user}</c> and <c>read:{user}</c>.</summary>
    private static Dictionary<string, string?> Columns(InboxConversationState state)
    {
        var columns = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["applied"] = Text(state.Applied),
            ["lastSeq"] = Text(state.LastSeq),
            ["activity"] = Text(state.Activity),
            ["members"] = string.Join(",", state.Members.Select(m => m.UserId.ToString("D"))),
        };
        foreach (var member in state.Members)
        {
            columns[$"score:{member.UserId:D}"] = member.Score;
            columns[$"read:{member.UserId:D}"] = member.LastReadSeq;
        }

        return columns;
    }

    private static VerifyDifference Difference(string projection, Guid conversation, string kind, IEnumerable<ColumnDifference> columns) =>
        new(projection, Table, kind, new Dictionary<string, string?> { ["conversation"] = conversation.ToString("D") }, [.. columns]);

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
