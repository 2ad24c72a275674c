using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Conversations;
using EventChat.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Audit;

/// <summary>Auditors read the log, one stream, states at an instant, and a user's history; nobody else does.</summary>
public sealed class AuditApiTests(AuditApiFactory factory) : IClassFixture<AuditApiFactory>
{
    public static TheoryData<string> AuditRoutes() => new()
    {
        "/api/audit/events",
        "/api/audit/streams/user-00000000-0000-0000-0000-000000000001",
        "/api/audit/conversations/00000000-0000-0000-0000-000000000001/state",
        "/api/audit/users/00000000-0000-0000-0000-000000000001/state",
        "/api/audit/friendships/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-000000000002/state",
        "/api/audit/users/00000000-0000-0000-0000-000000000001/export",
    };

    [Theory]
    [MemberData(nameof(AuditRoutes))]
    public async Task A_plain_user_gets_403_and_an_anonymous_caller_401_on_every_audit_route(string route)
    {
        var (user, _, _) = await factory.SignedInUserAsync();
        using var anonymous = factory.CreateClient();

        using var asUser = await user.GetAsync(new Uri(route, UriKind.Relative));
        using var asNobody = await anonymous.GetAsync(new Uri(route, UriKind.Relative));

        await asUser.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await asNobody.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_auditor_reads_a_conversations_history_and_its_state_an_hour_ago_and_now()
    {
        using var auditor = await AuditorAsync();
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (_, bobUser, _) = await factory.SignedInUserAsync();
        var (_, catUser, _) = await factory.SignedInUserAsync();
        await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id, withConversation: false);
        await ConversationTestKit.MakeFriendsAsync(annUser.Id, catUser.Id, withConversation: false);

        // An hour ago: the group is created with bob, and two messages are sent.
        factory.Clock.Offset = TimeSpan.FromHours(-1);
        Guid groupId;
        try
        {
            groupId = await CreateGroupAsync(ann, "Plans", bobUser.Id);
            await SendAsync(ann, groupId, "first, soon recalled");
            await SendAsync(ann, groupId, "second");
        }
        finally
        {
            factory.Clock.Offset = TimeSpan.Zero;
        }

        // Now: renamed, cat added, a third message, the first recalled by its owner.
        using (var rename = await ann.PatchAsJsonAsync($"/api/conversations/{groupId}", new { name = "Plans v2" }))
        {
            await rename.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var add = await ann.PostAsJsonAsync($"/api/conversations/{groupId}/members", new { userIds = new[] { catUser.Id } }))
        {
            await add.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await SendAsync(ann, groupId, "third");
        using (var recall = await ann.PostAsync(new Uri($"/api/conversations/{groupId}/messages/1/recall", UriKind.Relative), null))
        {
            await recall.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var history = await GetJsonAsync(auditor, $"/api/audit/streams/conversation-messages-{groupId}");
        var halfAnHourAgo = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O"));
        var then = await GetJsonAsync(auditor, $"/api/audit/conversations/{groupId}/state?at={halfAnHourAgo}");
        var now = await GetJsonAsync(auditor, $"/api/audit/conversations/{groupId}/state");

        // The history keeps what the read models dropped: the recalled message's text is there for auditors.
        history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("text").GetString())
            .Should().Equal("first, soon recalled", "second", "third");
        history.GetProperty("items")[0].GetProperty("metadata").GetProperty("userId").GetString().Should().Be(annUser.Id.ToString());
        then.GetProperty("name").GetString().Should().Be("Plans");
        Members(then).Should().BeEquivalentTo([annUser.Id, bobUser.Id]);
        then.GetProperty("lastSeq").GetInt64().Should().Be(2);
        then.GetProperty("lastMessage").GetProperty("data").GetProperty("text").GetString().Should().Be("second");
        then.GetProperty("recalledSeqs").GetArrayLength().Should().Be(0);
        now.GetProperty("name").GetString().Should().Be("Plans v2");
        Members(now).Should().BeEquivalentTo([annUser.Id, bobUser.Id, catUser.Id]);
        now.GetProperty("lastSeq").GetInt64().Should().Be(3);
        now.GetProperty("recalledSeqs").EnumerateArray().Select(s => s.GetInt64()).Should().Equal(1);
    }

    [Fact]
    public async Task A_state_by_version_and_a_state_before_the_stream_existed()
    {
        using var auditor = await AuditorAsync();
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        using (var change = await ann.PatchAsJsonAsync("/api/users/me", new { nickname = "Ann Later" }))
        {
            await change.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var atRegistration = await GetJsonAsync(auditor, $"/api/audit/users/{annUser.Id}/state?version=1");
        var current = await GetJsonAsync(auditor, $"/api/audit/users/{annUser.Id}/state");
        var longAgo = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        using var beforeItExisted = await auditor.GetAsync(new Uri($"/api/audit/users/{annUser.Id}/state?at={longAgo}", UriKind.Relative));

        atRegistration.GetProperty("nickname").GetString().Should().Be(annUser.Username);
        atRegistration.GetProperty("version").GetInt64().Should().Be(1);
        current.GetProperty("nickname").GetString().Should().Be("Ann Later");
        current.GetProperty("passwordScheme").GetString().Should().Be("bcrypt");
        current.TryGetProperty("passwordHash", out _).Should().BeFalse();
        await beforeItExisted.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_friendship_reads_as_it_stood_before_and_after_a_block()
    {
        using var auditor = await AuditorAsync();
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (bob, bobUser, _) = await factory.SignedInUserAsync();
        Guid requestId;
        using (var request = await ann.PostAsJsonAsync("/api/friend-requests", new { toUserId = bobUser.Id, message = "hi" }))
        {
            await request.ShouldHaveStatusAsync(HttpStatusCode.Created);
            requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        using (var accept = await bob.PostAsync(new Uri($"/api/friend-requests/{requestId}/accept", UriKind.Relative), null))
        {
            await accept.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var friends = await GetJsonAsync(auditor, $"/api/audit/friendships/{annUser.Id}/{bobUser.Id}/state");
        using (var block = await bob.PutAsync(new Uri($"/api/blocks/{annUser.Id}", UriKind.Relative), null))
        {
            await block.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var blocked = await GetJsonAsync(auditor, $"/api/audit/friendships/{bobUser.Id}/{annUser.Id}/state");
        var before = await GetJsonAsync(auditor, $"/api/audit/friendships/{annUser.Id}/{bobUser.Id}/state?version={friends.GetProperty("version").GetInt64()}");

        friends.GetProperty("areFriends").GetBoolean().Should().BeTrue();
        friends.GetProperty("requests")[0].GetProperty("status").GetString().Should().Be("accepted");
        blocked.GetProperty("blockedBy").EnumerateArray().Select(b => b.GetGuid()).Should().Equal(bobUser.Id);
        before.GetProperty("blockedBy").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_log_filters_by_stream_type_user_and_time_and_pages_to_the_head()
    {
        using var auditor = await AuditorAsync();
        var start = await HeadAsync(auditor);
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (_, bobUser, _) = await factory.SignedInUserAsync();
        using (var request = await ann.PostAsJsonAsync("/api/friend-requests", new { toUserId = bobUser.Id }))
        {
            await request.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        var everything = await ReadAllAsync(auditor, start, string.Empty, limit: 3);
        var friendships = await ReadAllAsync(auditor, start, "&streamType=friendship", limit: 50);
        var annsOwn = await ReadAllAsync(auditor, start, $"&userId={annUser.Id}", limit: 50);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var fromTomorrow = await ReadAllAsync(auditor, start, $"&from={future}", limit: 50);

        // Other tests write meanwhile: the checks look at this test's events only.
        var mine = everything.Where(e => Mentions(e, annUser.Id) || Mentions(e, bobUser.Id)).ToArray();
        mine.Select(e => e.GetProperty("type").GetString()).Should().Contain(["user.registered", "session.started", "friend-request.sent"]);
        everything.Select(e => e.GetProperty("position").GetInt64()).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        friendships.Should().OnlyContain(e => e.GetProperty("streamId").GetString()!.StartsWith("friendship-", StringComparison.Ordinal));
        friendships.Should().Contain(e => Mentions(e, annUser.Id) && Mentions(e, bobUser.Id));
        annsOwn.Should().NotBeEmpty().And.OnlyContain(e => Mentions(e, annUser.Id));
        annsOwn.Select(e => e.GetProperty("type").GetString()).Should().Contain(["user.registered", "session.started", "friend-request.sent"]);
        annsOwn.Should().NotContain(e => e.GetProperty("streamId").GetString() == $"user-{bobUser.Id}");
        fromTomorrow.Should().BeEmpty();
    }

    [Fact]
    public async Task No_audit_answer_contains_a_password_or_token_hash()
    {
        using var auditor = await AuditorAsync();
        var start = await HeadAsync(auditor);
        using var anonymous = factory.CreateClient();
        var user = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("secretive"));
        var first = await anonymous.LoginAsync(user.Username);
        using (var wrong = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = "not-the-password" }))
        using (var unknown = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = ApiClientExtensions.UniqueName("nobody"), password = "whatever-1" }))
        {
            await wrong.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
            await unknown.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        }

        TokenPairDto second;
        using (var refresh = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken }))
        {
            await refresh.ShouldHaveStatusAsync(HttpStatusCode.OK);
            second = (await refresh.Content.ReadFromJsonAsync<TokenPairDto>())!;
        }

        using (var reuse = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken }))
        {
            await reuse.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        }

        var next = await anonymous.LoginAsync(user.Username);
        using (var logout = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/logout", UriKind.Relative)) { Content = JsonContent.Create(new { refreshToken = next.RefreshToken }) })
        using (var loggedOut = await SendAsBearerAsync(anonymous, logout, next.AccessToken))
        {
            await loggedOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        // The secrets as stored, read straight from the log.
        var head = await HeadAsync(auditor);
        var stored = await StoredSinceAsync(start, head);
        var secrets = stored.SelectMany(e => EventTypeRegistry.SecretPropertiesOf(e.Data.GetType()).Select(p => (string)e.Data.GetType().GetProperty(p)!.GetValue(e.Data)!)).ToArray();
        var typesWithSecrets = stored.Where(e => EventTypeRegistry.SecretPropertiesOf(e.Data.GetType()).Count > 0).Select(e => e.Data.GetType()).ToHashSet();
        var everyTypeWithSecrets = EventTypes.CreateRegistry().RegisteredTypes.Where(t => EventTypeRegistry.SecretPropertiesOf(t).Count > 0);

        var answers = new List<string>
        {
            await GetTextAsync(auditor, $"/api/audit/users/{user.Id}/export"),
            await GetTextAsync(auditor, $"/api/audit/streams/user-{user.Id}"),
            await GetTextAsync(auditor, $"/api/audit/users/{user.Id}/state"),
        };
        for (var position = start; position < head;)
        {
            var page = await GetJsonAsync(auditor, $"/api/audit/events?fromPosition={position}&limit=200");
            answers.Add(page.GetRawText());
            position = page.GetProperty("nextPosition").GetInt64();
        }

        typesWithSecrets.Should().BeEquivalentTo(everyTypeWithSecrets, "the session above writes every event type that holds a secret");
        secrets.Should().NotBeEmpty().And.OnlyContain(s => s.Length > 10);
        foreach (var secret in secrets)
        {
            answers.Should().NotContain(a => a.Contains(secret, StringComparison.Ordinal), "no audit answer may contain a stored hash");
        }

        answers[0].Should().Contain(EventTypeRegistry.RedactedValue);
        second.RefreshToken.Should().NotBe(first.RefreshToken);
    }

    [Fact]
    public async Task A_users_export_holds_their_events_redacted_and_nobody_elses()
    {
        using var auditor = await AuditorAsync();
        var (ann, annUser, _) = await factory.SignedInUserAsync();
        var (_, bobUser, _) = await factory.SignedInUserAsync();
        await ConversationTestKit.MakeFriendsAsync(annUser.Id, bobUser.Id);
        var groupId = await CreateGroupAsync(ann, "Export", bobUser.Id);
        await SendAsync(ann, groupId, "exported words");

        using var response = await auditor.GetAsync(new Uri($"/api/audit/users/{annUser.Id}/export", UriKind.Relative));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var unknown = await auditor.GetAsync(new Uri($"/api/audit/users/{Guid.NewGuid()}/export", UriKind.Relative));

        response.Content.Headers.ContentDisposition?.DispositionType.Should().Be("attachment");
        export.GetProperty("userId").GetGuid().Should().Be(annUser.Id);
        var events = export.GetProperty("events").EnumerateArray().ToArray();
        events.Select(e => e.GetProperty("type").GetString()).Should().Contain(["user.registered", "session.started", "conversation.group-created", "conversation.message-sent"]);
        events.Should().Contain(e => e.GetProperty("type").GetString() == "conversation.message-sent" && e.GetProperty("data").GetProperty("text").GetString() == "exported words");
        events.Should().NotContain(e => e.GetProperty("streamId").GetString() == $"user-{bobUser.Id}");
        events.Single(e => e.GetProperty("type").GetString() == "user.registered").GetProperty("data").GetProperty("passwordHash").GetString()
            .Should().Be(EventTypeRegistry.RedactedValue);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_version_1_user_registered_row_reads_as_version_2_in_the_audit_api_the_projection_time_travel_and_login()
    {
        using var auditor = await AuditorAsync();
        var userId = Guid.CreateVersion7();
        var username = ApiClientExtensions.UniqueName("v1user");
        var hash = BCrypt.Net.BCrypt.HashPassword("correct-horse-1", 4);
        await using var oldBuild = new MySqlEventStore(
            new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString),
            new EventTypeRegistry().Register<UserRegisteredVersion1>("user.registered", 1).Register<UniqueValueClaimed>("unique-value.claimed"),
            new AppendSignal(),
            new EventStoreOptions(),
            NullLogger<MySqlEventStore>.Instance);
        var now = DateTimeOffset.UtcNow;
        var written = await oldBuild.AppendAsync(
            [
                new StreamAppend(UniqueValueClaim.StreamFor(UniqueValueKinds.Username, username), ExpectedVersion.NoStream,
                    [EventToAppend.New(new UniqueValueClaimed(UniqueValueKinds.Username, username, userId, now), EventMetadata.Empty)]),
                new StreamAppend(new UserId(userId).Stream, ExpectedVersion.NoStream,
                    [EventToAppend.New(new UserRegisteredVersion1(userId, username, $"{username}@example.test", "Old Timer", hash, now), EventMetadata.Empty)]),
            ],
            CancellationToken.None);

        var stream = await GetJsonAsync(auditor, $"/api/audit/streams/user-{userId}");
        var state = await GetJsonAsync(auditor, $"/api/audit/users/{userId}/state");
        using var anonymous = factory.CreateClient();
        var profile = await GetJsonAsync(auditor, $"/api/users/{userId}?minPosition={written.LastPosition}");
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = username, password = "correct-horse-1" });

        var registered = stream.GetProperty("items")[0];
        registered.GetProperty("type").GetString().Should().Be("user.registered");
        registered.GetProperty("version").GetInt32().Should().Be(2);
        registered.GetProperty("metadata").GetProperty("schemaVersion").GetInt32().Should().Be(1);
        registered.GetProperty("data").GetProperty("passwordScheme").GetString().Should().Be("bcrypt");
        registered.GetProperty("data").GetProperty("passwordHash").GetString().Should().Be(EventTypeRegistry.RedactedValue);
        state.GetProperty("passwordScheme").GetString().Should().Be("bcrypt");
        state.GetProperty("nickname").GetString().Should().Be("Old Timer");
        profile.GetProperty("username").GetString().Should().Be(username);
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/audit/events?limit=0", "limit")]
    [InlineData("/api/audit/events?limit=201", "limit")]
    [InlineData("/api/audit/events?fromPosition=-1", "fromPosition")]
    [InlineData("/api/audit/events?streamType=user%27%20OR%201%3D1", "streamType")]
    [InlineData("/api/audit/events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("/api/audit/users/00000000-0000-0000-0000-000000000001/state?at=2026-01-01T00:00:00Z&version=2", "version")]
    [InlineData("/api/audit/users/00000000-0000-0000-0000-000000000001/state?version=0", "version")]
    [InlineData("/api/audit/streams/user-1?fromVersion=0", "fromVersion")]
    [InlineData("/api/audit/friendships/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-000000000001/state", "otherUserId")]
    public async Task Bad_audit_parameters_are_a_400_naming_the_field(string route, string field)
    {
        using var auditor = await AuditorAsync();

        using var response = await auditor.GetAsync(new Uri(route, UriKind.Relative));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.GetRawText());
    }

    [Theory]
    [InlineData("/api/audit/events?fromPosition=abc")]
    [InlineData("/api/audit/events?from=yesterday")]
    [InlineData("/api/audit/events?userId=not-a-guid")]
    [InlineData("/api/audit/conversations/00000000-0000-0000-0000-000000000001/state?at=not-a-time")]
    [InlineData("/api/audit/users/00000000-0000-0000-0000-000000000001/state?version=1e9999")]
    [InlineData("/api/audit/streams/%E2%80%AEevil?toVersion=x")]
    public async Task Unparsable_audit_parameters_are_a_400_problem_not_a_500(string route)
    {
        using var auditor = await AuditorAsync();

        using var response = await auditor.GetAsync(new Uri(route, UriKind.Relative));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cursor_beyond_the_head_is_an_empty_page_that_stays_there()
    {
        using var auditor = await AuditorAsync();

        var page = await GetJsonAsync(auditor, $"/api/audit/events?fromPosition={long.MaxValue}");

        page.GetProperty("items").GetArrayLength().Should().Be(0);
        page.GetProperty("nextPosition").GetInt64().Should().Be(long.MaxValue, "a cursor past the head neither wraps round nor moves back");
    }

    private static async Task<HttpResponseMessage> SendAsBearerAsync(HttpClient client, HttpRequestMessage request, string accessToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request);
    }

    private static bool Mentions(JsonElement e, Guid userId) => e.GetRawText().Contains(userId.ToString(), StringComparison.Ordinal);

    private static Guid[] Members(JsonElement state) =>
        state.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()).ToArray();

    private Task<HttpClient> AuditorAsync() => factory.AuditorAsync();

    private static async Task<Guid> CreateGroupAsync(HttpClient owner, string name, params Guid[] memberIds)
    {
        using var response = await owner.PostAsJsonAsync("/api/conversations", new { type = "group", name, memberIds });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task SendAsync(HttpClient sender, Guid conversationId, string text)
    {
        using var response = await sender.PostAsJsonAsync(
            $"/api/conversations/{conversationId}/messages", new { clientMessageId = Guid.NewGuid().ToString("N"), type = "text", text });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string route)
    {
        using var response = await client.GetAsync(new Uri(route, UriKind.Relative));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> GetTextAsync(HttpClient client, string route)
    {
        using var response = await client.GetAsync(new Uri(route, UriKind.Relative));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<long> HeadAsync(HttpClient auditor) =>
        (await GetJsonAsync(auditor, "/api/audit/events?limit=1&streamType=none-such")).GetProperty("headPosition").GetInt64();

    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient auditor, long start, string filter, int limit)
    {
        var head = await HeadAsync(auditor);
        var items = new List<JsonElement>();
        for (var position = start; position < head;)
        {
            var page = await GetJsonAsync(auditor, $"/api/audit/events?fromPosition={position}&limit={limit}{filter}");
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            position = page.GetProperty("nextPosition").GetInt64();
        }

        return items;
    }

    private static async Task<IReadOnlyList<StoredEvent>> StoredSinceAsync(long start, long head)
    {
        var events = new List<StoredEvent>();
        for (var position = start; position < head;)
        {
            var page = await TestEventLog.Store.ReadAllForwardAsync(position, 1000, CancellationToken.None);
            events.AddRange(page.Events.Where(e => e.Position <= head));
            if (page.Events.Count == 0)
            {
                break;
            }

            position = page.NextPosition;
        }

        return events;
    }

    /// <summary>The shape user.registered had before version 2: no password scheme.</summary>
    private sealed record UserRegisteredVersion1(Guid UserId, string Username, string Email, string Nickname, string PasswordHash, DateTimeOffset RegisteredAt);
}
