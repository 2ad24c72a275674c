using System.Net;
using System.Net.Http.Json;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Friends;

/// <summary>An Api whose ADMIN_USERNAMES names the admin of the rebuild test.</summary>
public sealed class FriendsAdminApiFactory : ApiFactory
{
    public string AdminUsername { get; } = ApiClientExtensions.UniqueName("fradmin");

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["ADMIN_USERNAMES"] = AdminUsername };
}

/// <summary>Rebuilding the friends projections from position 0 gives the rows the live projections hold.</summary>
[Collection(RebuildCollection.Name)]
public sealed class FriendsRebuildTests(FriendsAdminApiFactory factory) : IClassFixture<FriendsAdminApiFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static MySqlConnectionFactory Connections => new(TestSettings.Current.MySqlConnectionString);

    [Fact]
    public async Task Rebuilt_friend_requests_friends_and_blocks_equal_the_live_rows()
    {
        var (admin, _, _) = await factory.SignedInUserAsync(factory.AdminUsername);
        using var _admin = admin;
        using var ann = await FriendsUser.SignUpAsync(factory);
        using var bob = await FriendsUser.SignUpAsync(factory);
        using var cat = await FriendsUser.SignUpAsync(factory);
        using var dan = await FriendsUser.SignUpAsync(factory);

        // Every event kind: sent, accepted, remark, rejected, cancelled (by the sender and by a block), blocked, unblocked, ended.
        var annBob = await ann.SendRequestAsync(bob, "hello");
        await bob.AnswerOkAsync(annBob.Id, "accept");
        (await ann.Client.PutAsJsonAsync($"/api/friends/{bob.Id}/remark", new { remark = "Bobby" })).Dispose();
        var catAnn = await cat.SendRequestAsync(ann);
        await ann.AnswerOkAsync(catAnn.Id, "reject");
        var danAnn = await dan.SendRequestAsync(ann);
        await dan.AnswerOkAsync(danAnn.Id, "cancel");
        var annCat = await ann.SendRequestAsync(cat);
        await cat.AnswerOkAsync(annCat.Id, "accept");
        (await cat.Client.DeleteAsync(new Uri($"/api/friends/{ann.Id}", UriKind.Relative))).Dispose();
        await dan.SendRequestAsync(ann);
        (await ann.Client.PutAsync(new Uri($"/api/blocks/{dan.Id}", UriKind.Relative), null)).Dispose();
        (await ann.Client.PutAsync(new Uri($"/api/blocks/{cat.Id}", UriKind.Relative), null)).Dispose();
        using var last = await ann.Client.DeleteAsync(new Uri($"/api/blocks/{cat.Id}", UriKind.Relative));
        await last.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await ann.BlocksAsync(FriendsUser.PositionOf(last))).Items.Should().ContainSingle();

        var users = new[] { ann.Id, bob.Id, cat.Id, dan.Id }.Select(id => id.ToString("D")).ToArray();
        var requestsBefore = await RequestRowsAsync(users);
        var friendsBefore = await FriendRowsAsync(users);
        var blocksBefore = await BlockRowsAsync(users);
        requestsBefore.Should().HaveCount(5);
        friendsBefore.Should().HaveCount(4, "ann and bob, ann and cat (ended), each side");
        blocksBefore.Should().HaveCount(2);

        // Damage one row of each table by hand; the rebuild must repair it.
        await using (var connection = await Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE rm_friend_requests SET message = 'tampered' WHERE id = @id", new { id = annBob.Id.ToString("D") });
            await connection.ExecuteAsync("UPDATE rm_friends SET remark = 'tampered' WHERE user_id = @a AND friend_id = @b", new { a = users[0], b = users[1] });
            await connection.ExecuteAsync("UPDATE rm_blocks SET active = 0 WHERE blocker_id = @a AND blocked_id = @b", new { a = users[0], b = users[3] });
        }

        await RebuildAsync(admin, "friend-requests");
        await Deadline.WaitUntilAsync(
            async () => (await RequestRowsAsync(users)).Single(r => r.Id == annBob.Id).Message == "hello", Timeout, "the rebuilt friend requests are swapped in");
        await RebuildAsync(admin, "friends");
        await Deadline.WaitUntilAsync(
            async () => (await FriendRowsAsync(users)).Single(r => r.UserId == ann.Id && r.FriendId == bob.Id).Remark == "Bobby",
            Timeout,
            "the rebuilt friends and blocks are swapped in");

        (await RequestRowsAsync(users)).Should().BeEquivalentTo(requestsBefore);
        (await FriendRowsAsync(users)).Should().BeEquivalentTo(friendsBefore);
        (await BlockRowsAsync(users)).Should().BeEquivalentTo(blocksBefore);
    }

    private static async Task RebuildAsync(HttpClient admin, string projection)
    {
        using var accepted = await admin.PostAsync(new Uri($"/api/admin/projections/{projection}/rebuild", UriKind.Relative), null);
        await accepted.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static async Task<IReadOnlyList<RequestRow>> RequestRowsAsync(string[] users)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<RequestRow>(
            """
            SELECT id AS Id, from_user_id AS FromUserId, to_user_id AS ToUserId, message AS Message, status AS Status,
                   created_at AS CreatedAt, updated_at AS UpdatedAt, last_position AS LastPosition
            FROM rm_friend_requests WHERE from_user_id IN @users
            """,
            new { users })).ToArray();
    }

    private static async Task<IReadOnlyList<FriendRow>> FriendRowsAsync(string[] users)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<FriendRow>(
            """
            SELECT user_id AS UserId, friend_id AS FriendId, remark AS Remark, since AS Since, conversation_id AS ConversationId,
                   active AS Active, last_position AS LastPosition
            FROM rm_friends WHERE user_id IN @users
            """,
            new { users })).ToArray();
    }

    private static async Task<IReadOnlyList<BlockRow>> BlockRowsAsync(string[] users)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<BlockRow>(
            "SELECT blocker_id AS BlockerId, blocked_id AS BlockedId, blocked_at AS BlockedAt, active AS Active, last_position AS LastPosition FROM rm_blocks WHERE blocker_id IN @users",
            new { users })).ToArray();
    }

    private sealed record RequestRow(Guid Id, Guid FromUserId, Guid ToUserId, string Message, string Status, DateTime CreatedAt, DateTime UpdatedAt, long LastPosition);

    private sealed record FriendRow(Guid UserId, Guid FriendId, string Remark, DateTime Since, Guid ConversationId, bool Active, long LastPosition);

    private sealed record BlockRow(Guid BlockerId, Guid BlockedId, DateTime BlockedAt, bool Active, long LastPosition);
}
