using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>A real child process appending in batches, killed with SIGKILL in the middle of them.</summary>
[Collection(EventStoreCollection.Name)]
public sealed class WriterCrashTests(EventStoreFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Process_killed_mid_batch_leaves_every_acknowledged_append_whole_and_nothing_half_written()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var start = new ProcessStartInfo("dotnet", $"{Path.Combine(AppContext.BaseDirectory, "EventChat.TestAppender.dll")} {tag}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in TestSettings.AsEnvironment(fixture.Settings))
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start)!;
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && text.StartsWith("ACK ", StringComparison.Ordinal))
            {
                acknowledged[text[4..]] = true;
            }
        };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            await Deadline.WaitUntilAsync(() => acknowledged.Count >= 300 || child.HasExited, Timeout, "the child acknowledges 300 appends");
            child.HasExited.Should().BeFalse("the child appends until it is killed");
        }
        finally
        {
            // SIGKILL: no finally blocks, no disposal, no ROLLBACK sent; the server sees the connection drop.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        var acknowledgedIds = acknowledged.Keys.ToHashSet();
        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync<(string StreamId, long StreamVersion, string AppendId)>(
            "SELECT stream_id, stream_version, JSON_VALUE(data, '$.appendId') FROM es_events WHERE stream_id LIKE @pattern ORDER BY position",
            new { pattern = $"crash-{tag}-%" })).ToList();

        var appends = rows.GroupBy(r => r.AppendId).ToDictionary(g => g.Key, g => g.Count());
        appends.Values.Should().OnlyContain(n => n == 3, "an append is all of its events or none of them");
        acknowledgedIds.Should().BeSubsetOf(appends.Keys, "every acknowledged append survives the crash");
        foreach (var stream in rows.GroupBy(r => r.StreamId))
        {
            stream.Select(r => r.StreamVersion).Should().Equal(Enumerable.Range(1, stream.Count()).Select(v => (long)v), "versions stay contiguous");
            (await fixture.Store.GetStreamVersionAsync(stream.Key, CancellationToken.None)).Should().Be(stream.Count(), "the stream row agrees with its events");
        }

        // The head row and the log agree, and the next writer goes on from there without a gap.
        (await connection.ExecuteScalarAsync<long>(
            "SELECT (SELECT position FROM es_log_head WHERE id = 1) - (SELECT COALESCE(MAX(position), 0) FROM es_events)")).Should().Be(0, "one statement sees one snapshot of both");
        var before = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);
        var next = await fixture.Store.AppendAsync(
            StreamName.For("counter", Guid.CreateVersion7()), [EventToAppend.New(new CounterIncremented(1, "after-crash"), EventMetadata.Empty)], ExpectedVersion.NoStream, CancellationToken.None);
        next.LastPosition.Should().BeGreaterThan(before);
    }
}
