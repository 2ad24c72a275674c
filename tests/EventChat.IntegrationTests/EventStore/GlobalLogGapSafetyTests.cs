using System.Collections.Concurrent;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.EventStore;

[Collection(EventStoreCollection.Name)]
public sealed class GlobalLogGapSafetyTests(EventStoreFixture fixture)
{
    [Fact]
    public async Task Tailing_reader_sees_every_event_once_and_in_position_order_while_8_writers_append_5000_events()
    {
        const int Writers = 8;
        const int Total = 5000;
        const int Streams = 100;
        var runTag = Guid.NewGuid().ToString("N");
        var streams = Enumerable.Range(0, Streams).Select(_ => StreamName.For("counter", Guid.CreateVersion7())).ToArray();
        var ourStreams = streams.Select(s => s.Id).ToHashSet();
        var start = await fixture.Store.ReadHeadPositionAsync(CancellationToken.None);

        var seen = new ConcurrentDictionary<Guid, int>();
        var seenInOrder = new List<long>();
        var finalHead = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            // Tails like a projection: read after the last position, wait for a wake-up when empty.
            // It stops once it has passed the head position read after every writer finished.
            var position = start;
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (!finalHead.Task.IsCompleted || position < finalHead.Task.Result)
            {
                var wake = fixture.Signal.NextAppend;
                var page = await fixture.Store.ReadAllForwardAsync(position, 500, deadline.Token);
                foreach (var e in page.Events)
                {
                    seenInOrder.Add(e.Position);
                    if (ourStreams.Contains(e.StreamId))
                    {
                        seen.AddOrUpdate(e.EventId, 1, (_, n) => n + 1);
                    }
                }

                position = page.NextPosition;
                if (page.Events.Count == 0)
                {
                    await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token));
                }
            }
        });

        var appended = new ConcurrentBag<Guid>();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < Total; i += Writers)
            {
                var stream = streams[i % Streams];
                var e = EventToAppend.New(new CounterIncremented(1, $"{runTag}-{i}"), EventMetadata.Empty);
                await fixture.Store.AppendAsync(stream, [e], ExpectedVersion.Any, CancellationToken.None);
                appended.Add(e.EventId);
            }
        })).ToArray();
        await Task.WhenAll(writers);
        finalHead.SetResult(await fixture.Store.ReadHeadPositionAsync(CancellationToken.None));
        await reader.WaitAsync(TimeSpan.FromMinutes(3));

        appended.Should().HaveCount(Total);
        // Set comparison: FluentAssertions' BeEquivalentTo is quadratic on 5,000 items.
        var missing = appended.Except(seen.Keys).Count();
        var unexpected = seen.Keys.Except(appended).Count();
        missing.Should().Be(0, "the reader must see every appended event");
        unexpected.Should().Be(0);
        seen.Values.Count(n => n != 1).Should().Be(0, "no event may be delivered twice");
        seenInOrder.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        foreach (var stream in streams)
        {
            (await fixture.Store.GetStreamVersionAsync(stream.Id, CancellationToken.None)).Should().Be(Total / Streams);
        }
    }
}
