using System.Net.Http.Json;
using EventChat.Application.Accounts;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Accounts;
using EventChat.Projections.Engine;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>
/// Profiles are served from a short-lived in-memory cache (UserRowCache): a change must still show at once to
/// a read with its position, and soon to plain reads, while other requests keep the old row hot.
/// </summary>
public sealed class ProfileCacheTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private sealed record Me(string Nickname);

    [Fact]
    public async Task A_profile_change_reads_back_at_once_while_other_requests_keep_the_old_row_cached()
    {
        var (client, _, _) = await factory.SignedInUserAsync();
        using (client)
        using (var stop = new CancellationTokenSource())
        {
            // Readers without minPosition keep filling the cache with whatever row is current.
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var response = await client.GetAsync(new Uri("/api/users/me", UriKind.Relative), CancellationToken.None);
                }
            })).ToArray();

            for (var i = 0; i < 20; i++)
            {
                var nickname = $"nick {i} {Guid.NewGuid():N}"[..20];
                using var patch = await client.PatchAsJsonAsync("/api/users/me", new { nickname });
                var position = (await patch.Content.ReadFromJsonAsync<PositionBody>())!.Position;

                var read = await client.GetFromJsonAsync<Me>($"/api/users/me?minPosition={position}");
                read!.Nickname.Should().Be(nickname, $"round {i}: a read with the write's position sees the write");

                await Deadline.WaitUntilAsync(
                    async () => (await client.GetFromJsonAsync<Me>("/api/users/me"))!.Nickname == nickname,
                    UserRowCache.CacheFor + TimeSpan.FromSeconds(3),
                    $"round {i}: plain reads see the change once the projection applied it");
            }

            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }
    }

    private sealed record PositionBody(long Position);

    [Fact]
    public void An_entry_read_before_a_position_is_not_used_for_a_read_that_asks_for_it()
    {
        using var cache = new UserRowCache(new ProjectionProgress());
        var id = Guid.NewGuid();
        cache.Store(id, new UserView(id, "ann", "ann@example.test", "Ann", string.Empty, null, ["user"], DateTimeOffset.UnixEpoch), asOf: 41);

        cache.TryGet(id, minPosition: 0, out _).Should().BeTrue();
        cache.TryGet(id, minPosition: 41, out _).Should().BeTrue();
        cache.TryGet(id, minPosition: 42, out _).Should().BeFalse("the row may predate the write at 42");

        cache.Forget([id]);
        cache.TryGet(id, minPosition: 0, out _).Should().BeFalse();
    }
}
