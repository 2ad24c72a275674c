using System.Net;
using System.Text;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Api;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Friends;

/// <summary>
/// Bad input on every friends route: each answer is a 4xx problem+json, and nothing reaches the event store or the
/// friends read models. On Kestrel, which enforces the body limit. The targets are real users (a friend for the
/// remark routes), so validation alone refuses.
/// </summary>
public sealed class FriendsBadInputTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    private sealed record BadRequest(string Name, HttpMethod Method, string Path, HttpContent? Content, bool Signed, HttpStatusCode Expected);

    [Fact]
    public async Task Every_kind_of_bad_input_gets_a_4xx_problem_and_changes_nothing()
    {
        using var me = await FriendsUser.SignUpAsync(factory);
        using var friend = await FriendsUser.SignUpAsync(factory);
        using var stranger = await FriendsUser.SignUpAsync(factory);
        var request = await friend.SendRequestAsync(me);
        await me.AnswerOkAsync(request.Id, "accept");
        var token = me.Client.DefaultRequestHeaders.Authorization!;
        var marker = "bad" + Guid.NewGuid().ToString("N")[..10];
        var cases = Cases(marker, me.Id, friend.Id, stranger.Id).ToArray();
        cases.Length.Should().BeGreaterThanOrEqualTo(40);
        var headBefore = await BadInputRunner.HeadPositionAsync();

        using var client = factory.CreateClient();
        var failures = await BadInputRunner.FailuresAsync(client, cases.Select(c => (c.Name,
            BadInputRunner.Request(c.Method, c.Path, c.Content, c.Signed ? token : null), c.Expected)));

        failures.Should().BeEmpty();

        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        var written = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM es_events WHERE position > @headBefore AND (stream_id LIKE @mine OR data LIKE @mineInData OR data LIKE @marker)",
            new { headBefore, mine = $"friendship-%{me.Id:D}%", mineInData = $"%{me.Id:D}%", marker = $"%{marker}%" });
        written.Should().Be(0, "no bad request appended anything");
        (await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM rm_friend_requests WHERE from_user_id = @me OR to_user_id = @me", new { me = me.Id.ToString("D") }))
            .Should().Be(1, "only the request of the setup");
        (await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM rm_friends WHERE user_id = @me AND remark <> ''", new { me = me.Id.ToString("D") })).Should().Be(0);
        (await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM rm_blocks WHERE blocker_id = @me", new { me = me.Id.ToString("D") })).Should().Be(0);
    }

    private static IEnumerable<BadRequest> Cases(string marker, Guid me, Guid friend, Guid stranger)
    {
        var post = HttpMethod.Post;
        var get = HttpMethod.Get;
        var put = HttpMethod.Put;
        var delete = HttpMethod.Delete;
        var bad = HttpStatusCode.BadRequest;
        var notFound = HttpStatusCode.NotFound;
        const string Requests = "/api/friend-requests";
        var remark = $"/api/friends/{friend}/remark";

        yield return new("send: no access token", post, Requests, BadInputRunner.Json(new { toUserId = stranger }), false, HttpStatusCode.Unauthorized);
        yield return new("send: missing toUserId", post, Requests, BadInputRunner.Json(new { message = marker }), true, bad);
        yield return new("send: toUserId of the wrong type", post, Requests, BadInputRunner.Raw("{\"toUserId\": 12345, \"message\": \"" + marker + "\"}"), true, bad);
        yield return new("send: toUserId not a uuid", post, Requests, BadInputRunner.Raw("{\"toUserId\": \"" + marker + "\"}"), true, bad);
        yield return new("send: toUserId empty uuid", post, Requests, BadInputRunner.Json(new { toUserId = Guid.Empty, message = marker }), true, bad);
        yield return new("send: to self", post, Requests, BadInputRunner.Json(new { toUserId = me, message = marker }), true, bad);
        yield return new("send: message too long", post, Requests, BadInputRunner.Json(new { toUserId = stranger, message = marker + new string('m', 200) }), true, bad);
        yield return new("send: message of the wrong type", post, Requests, BadInputRunner.Raw("{\"toUserId\": \"" + stranger + "\", \"message\": {\"a\": 1}}"), true, bad);
        yield return new("send: message with a bidi override", post, Requests, BadInputRunner.Json(new { toUserId = stranger, message = "\u202E" + marker }), true, bad);
        yield return new("send: message with an isolate", post, Requests, BadInputRunner.Json(new { toUserId = stranger, message = marker + "\u2066x" }), true, bad);
        yield return new("send: message with a bidi mark", post, Requests, BadInputRunner.Json(new { toUserId = stranger, message = marker + "\u200F" }), true, bad);
        yield return new("send: message with a control character", post, Requests, BadInputRunner.Json(new { toUserId = stranger, message = marker + "\u0007" }), true, bad);
        yield return new("send: message with a final line feed", post, Requests, BadInputRunner.Json(new { toUserId = stranger, message = marker + "\n" }), true, bad);
        yield return new("send: malformed JSON", post, Requests, BadInputRunner.Raw("{\"toUserId\": \"" + stranger + "\", "), true, bad);
        yield return new("send: empty body", post, Requests, BadInputRunner.Raw(string.Empty), true, bad);
        yield return new("send: JSON array", post, Requests, BadInputRunner.Raw("[\"" + stranger + "\"]"), true, bad);
        yield return new("send: JSON null", post, Requests, BadInputRunner.Raw("null"), true, bad);
        yield return new("send: text/plain body", post, Requests, new StringContent($"toUserId={stranger}", Encoding.UTF8, "text/plain"), true, HttpStatusCode.UnsupportedMediaType);
        yield return new("send: huge body", post, Requests, BadInputRunner.Raw("{\"toUserId\": \"" + stranger + "\", \"message\": \"" + marker + new string('x', 2_000_000) + "\"}"), true, HttpStatusCode.RequestEntityTooLarge);
        yield return new("list requests: no access token", get, Requests, null, false, HttpStatusCode.Unauthorized);
        yield return new("list requests: unknown direction", get, $"{Requests}?direction=sideways", null, true, bad);
        yield return new("list requests: unknown status", get, $"{Requests}?status=maybe", null, true, bad);
        yield return new("list requests: limit 0", get, $"{Requests}?limit=0", null, true, bad);
        yield return new("list requests: limit 201", get, $"{Requests}?limit=201", null, true, bad);
        yield return new("list requests: limit not a number", get, $"{Requests}?limit=ten", null, true, bad);
        yield return new("list requests: garbage cursor", get, $"{Requests}?before={marker}", null, true, bad);
        yield return new("list requests: huge cursor", get, $"{Requests}?before={new string('A', 4000)}", null, true, bad);
        yield return new("list requests: negative minPosition", get, $"{Requests}?minPosition=-1", null, true, bad);
        yield return new("get request: id not a uuid", get, $"{Requests}/{marker}", null, true, notFound);
        yield return new("get request: unknown id", get, $"{Requests}/{Guid.NewGuid()}", null, true, notFound);
        foreach (var verb in new[] { "accept", "reject", "cancel" })
        {
            yield return new($"{verb}: id not a uuid", post, $"{Requests}/{marker}/{verb}", null, true, notFound);
            yield return new($"{verb}: unknown id", post, $"{Requests}/{Guid.NewGuid()}/{verb}", null, true, notFound);
            yield return new($"{verb}: no access token", post, $"{Requests}/{Guid.NewGuid()}/{verb}", null, false, HttpStatusCode.Unauthorized);
        }

        yield return new("list friends: limit 0", get, "/api/friends?limit=0", null, true, bad);
        yield return new("list friends: limit 1000", get, "/api/friends?limit=1000", null, true, bad);
        yield return new("list friends: garbage cursor", get, "/api/friends?before=%00%01", null, true, bad);
        yield return new("unfriend: id not a uuid", delete, $"/api/friends/{marker}", null, true, notFound);
        yield return new("unfriend: a stranger", delete, $"/api/friends/{stranger}", null, true, notFound);
        yield return new("unfriend: self", delete, $"/api/friends/{me}", null, true, notFound);
        yield return new("remark: missing remark", put, remark, BadInputRunner.Json(new { }), true, bad);
        yield return new("remark: remark too long", put, remark, BadInputRunner.Json(new { remark = marker + new string('r', 64) }), true, bad);
        yield return new("remark: remark of the wrong type", put, remark, BadInputRunner.Raw("{\"remark\": 42}"), true, bad);
        yield return new("remark: remark with a bidi override", put, remark, BadInputRunner.Json(new { remark = "\u202E" + marker }), true, bad);
        yield return new("remark: remark with a bidi mark", put, remark, BadInputRunner.Json(new { remark = marker + "\u200E" }), true, bad);
        yield return new("remark: remark with a control character", put, remark, BadInputRunner.Json(new { remark = marker + "\u001B[31m" }), true, bad);
        yield return new("remark: remark with a line feed", put, remark, BadInputRunner.Json(new { remark = marker + "\nx" }), true, bad);
        yield return new("remark: malformed JSON", put, remark, BadInputRunner.Raw("{\"remark\": "), true, bad);
        yield return new("remark: huge body", put, remark, BadInputRunner.Raw("{\"remark\": \"" + new string('x', 2_000_000) + "\"}"), true, HttpStatusCode.RequestEntityTooLarge);
        yield return new("remark: id not a uuid", put, $"/api/friends/{marker}/remark", BadInputRunner.Json(new { remark = marker }), true, notFound);
        yield return new("remark: a stranger", put, $"/api/friends/{stranger}/remark", BadInputRunner.Json(new { remark = marker }), true, notFound);
        yield return new("block: self", put, $"/api/blocks/{me}", null, true, bad);
        yield return new("block: id not a uuid", put, $"/api/blocks/{marker}", null, true, notFound);
        yield return new("block: unknown user", put, $"/api/blocks/{Guid.NewGuid()}", null, true, notFound);
        yield return new("block: no access token", put, $"/api/blocks/{stranger}", null, false, HttpStatusCode.Unauthorized);
        yield return new("unblock: self", delete, $"/api/blocks/{me}", null, true, bad);
        yield return new("unblock: id not a uuid", delete, $"/api/blocks/{marker}", null, true, notFound);
        yield return new("list blocks: limit -5", get, "/api/blocks?limit=-5", null, true, bad);
        yield return new("list blocks: garbage cursor", get, $"/api/blocks?before={marker}", null, true, bad);
        yield return new("wrong method", HttpMethod.Patch, "/api/friends", null, true, HttpStatusCode.MethodNotAllowed);
    }




}
