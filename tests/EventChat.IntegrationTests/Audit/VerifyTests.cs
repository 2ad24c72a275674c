using System.Net;
using System.Net.Http.Json;
using Dapper;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Conversations;
using EventChat.IntegrationTests.Friends;
using EventChat.IntegrationTests.Operations;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Audit;
using EventChat.Projections.Conversations;
using EventChat.Projections.Engine;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace EventChat.IntegrationTests.Audit;

/// <summary>
/// The Api on a database of its own (<c>{test db}_vf…</c>, under the tests' grant): a verify replays the whole log, so
/// only this class's session may be in it, and no other test's host may run its jobs (its own Hangfire prefix). The
/// scripted session (users register, befriend, message, recall, mark read, a group) runs once, for every test.
/// </summary>
public sealed class VerifyApiFactory : ApiFactory
{
    private readonly Lazy<Task<VerifySession>> _session;

    /// <summary>Creates the database (the host migrates it when it starts); xunit makes class fixtures synchronously.</summary>
    public VerifyApiFactory()
    {
        _session = new(() => VerifySession.RunAsync(this));
        using var connection = new MySqlConnection(TestSettings.Current.MySqlConnectionString);
        connection.Open();
        connection.Execute($"CREATE DATABASE `{Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    public string Database { get; } = $"{TestSettings.Current.DbName}_vf{Guid.NewGuid():N}"[..40];

    public string AdminUsername { get; } = ApiClientExtensions.UniqueName("vadmin");

    public MySqlConnectionFactory Connections => new((TestSettings.Current with { DbName = Database }).MySqlConnectionString);

    public Task<VerifySession> Session => _session.Value;

    protected override IReadOnlyDictionary<string, string> Overrides =>
        new Dictionary<string, string> { ["DB_NAME"] = Database, ["ADMIN_USERNAMES"] = AdminUsername };

    public override async ValueTask DisposeAsync()
    {
        if (_session.IsValueCreated && _session.Value.IsCompletedSuccessfully)
        {
            _session.Value.Result.Dispose();
        }

        await base.DisposeAsync();
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS `{Database}`");
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS `{Database}{ReadModelVerifier.ScratchSuffix}`");
    }
}

/// <summary>Who took part in the scripted session, and a client for each role.</summary>
public sealed class VerifySession : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public required HttpClient Auditor { get; init; }

    public required HttpClient Plain { get; init; }

    public required FriendsUser Ann { get; init; }

    public required string AnnNickname { get; init; }

    public required Guid Group { get; init; }

    public required long GroupSeq { get; init; }

    public required string GroupText { get; init; }

    public static async Task<VerifySession> RunAsync(VerifyApiFactory factory)
    {
        var (admin, _, _) = await factory.SignedInUserAsync(factory.AdminUsername);
        using var _admin = admin;
        var (auditor, auditorUser, _) = await factory.SignedInUserAsync();
        using (var granted = await admin.PutAsJsonAsync($"/api/admin/users/{auditorUser.Id}/roles", new { roles = new[] { "auditor" } }))
        {
            await granted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var ann = await FriendsUser.SignUpAsync(factory);
        var bob = await FriendsUser.SignUpAsync(factory);
        var cat = await FriendsUser.SignUpAsync(factory);

        // Friends (each acceptance starts the pair's direct conversation), a remark, a rejected request.
        await bob.AnswerOkAsync((await ann.SendRequestAsync(bob, "hello")).Id, "accept");
        await cat.AnswerOkAsync((await ann.SendRequestAsync(cat)).Id, "accept");
        await SucceedsAsync(ann.Client.PutAsJsonAsync($"/api/friends/{bob.Id}/remark", new { remark = "Bobby" }));
        await cat.AnswerOkAsync((await bob.SendRequestAsync(cat)).Id, "reject");

        // A direct chat with a reply, a recall and read markers.
        var direct = ConversationTestKit.DirectId(ann.Id, bob.Id);
        var first = await ann.Client.SendAsync(direct, "hi bob");
        var recalled = await ann.Client.SendAsync(direct, "oops, wrong chat");
        await SucceedsAsync(ann.Client.PostAsync(new Uri($"/api/conversations/{direct}/messages/{recalled.Seq}/recall", UriKind.Relative), null));
        var reply = await bob.Client.SendAsync(direct, "hi ann");
        await bob.Client.MarkReadAsync(direct, first.Seq);
        await ann.Client.MarkReadAsync(direct, reply.Seq);

        // A group: messages, a read marker, a member who leaves.
        var group = await ann.Client.CreateGroupAsync("verify group", bob.Id, cat.Id);
        var groupMessage = await bob.Client.SendAsync(group.Id, "hello group");
        await ann.Client.SendAsync(group.Id, "welcome");
        await cat.Client.MarkReadAsync(group.Id, groupMessage.Seq);
        await SucceedsAsync(cat.Client.DeleteAsync(new Uri($"/api/conversations/{group.Id}/members/{cat.Id}", UriKind.Relative)));

        // Every projection has applied the whole session before anything reads or changes the read models by hand.
        (await factory.Services.GetRequiredService<IReadModelConsistency>().CatchUpAsync(TimeSpan.FromMinutes(1), CancellationToken.None))
            .Should().BeTrue("the projections catch up with the scripted session");

        // The verify replays each projection up to its checkpoint row, and a row over events its projection does not
        // handle follows the head only within IdleCheckpointInterval: wait for the rows too, so each verifies the session.
        var names = factory.Services.GetRequiredService<ProjectionCatalog>().Names.ToArray();
        await Deadline.WaitUntilAsync(
            async () => await ScalarAsync<long>(
                factory,
                "SELECT COUNT(*) FROM es_projection_checkpoints WHERE name IN @names AND position >= (SELECT position FROM es_log_head WHERE id = 1)",
                new { names }) == names.Length,
            TimeSpan.FromSeconds(30),
            "every projection's checkpoint row reaches the end of the session");

        var session = new VerifySession
        {
            Auditor = auditor,
            Plain = bob.Client,
            Ann = ann,
            AnnNickname = await ScalarAsync<string>(factory, "SELECT nickname FROM rm_users WHERE id = @id", new { id = ann.Id.ToString("D") }),
            Group = group.Id,
            GroupSeq = groupMessage.Seq,
            GroupText = groupMessage.Text!,
        };
        session._owned.AddRange([auditor, ann, bob, cat]);
        return session;
    }

    private static async Task SucceedsAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    public static async Task<T> ScalarAsync<T>(VerifyApiFactory factory, string sql, object parameters)
    {
        await using var connection = await factory.Connections.OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}

/// <summary>
/// <c>POST /api/audit/verify</c> and <c>GET /api/audit/verify/{jobId}</c> (auditors and admins), and the same without the
/// Api (<c>dotnet EventChat.Projections.dll verify</c>): a replay of the log matches the read models after a real session,
/// and a row changed by hand is reported, alone, with its table, key and column.
/// </summary>
public sealed class VerifyTests(VerifyApiFactory factory, ITestOutputHelper output) : IClassFixture<VerifyApiFactory>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Verify_after_a_scripted_session_reports_no_difference()
    {
        var session = await factory.Session;

        var run = await VerifyAsync(session.Auditor);

        run.Status.Should().Be("succeeded", run.Error);
        run.DifferenceCount.Should().Be(0);
        run.Differences.Should().BeEmpty();
        run.Progress.Should().Be("100%");
        run.Projections!.Select(p => p.Projection).Should().Contain(["users", "conversations", "friends", "friend-requests"]);
        run.Projections!.Single(p => p.Projection == "conversations").Tables.Should().Contain(t => t.Table == "rm_messages" && t.ReplayedRows == 5);
        run.Projections!.Should().OnlyContain(p => p.Position > 0 && p.ParkedEvents == 0);
        run.Projections!.Single(p => p.Projection == "conversation-inbox").Tables.Should().ContainSingle()
            .Which.Should().Be(new TableVerification(InboxVerifier.Table, 3, 0, false), "two direct conversations and a group, each compared");
        run.NotVerified.Should().BeEquivalentTo(["session-push", "conversation-push", "friend-push"], "pushes keep no read model");
    }

    [Fact]
    public async Task Verify_after_a_value_of_the_redis_inbox_is_changed_by_hand_reports_that_conversation()
    {
        var session = await factory.Session;
        var inbox = factory.Services.GetRequiredService<ConversationInbox>();
        var redis = factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var lastSeq = $"{inbox.KeyPrefix}{await inbox.LiveGenerationAsync()}:lastseq";
        var field = session.Group.ToString("N");
        var original = await redis.HashGetAsync(lastSeq, field);
        await redis.HashSetAsync(lastSeq, field, 999);
        try
        {
            var run = await VerifyAsync(session.Auditor);

            run.Status.Should().Be("succeeded", run.Error);
            run.DifferenceCount.Should().Be(1);
            var difference = run.Differences.Should().ContainSingle().Subject;
            difference.Should().BeEquivalentTo(new
            {
                Projection = "conversation-inbox",
                Table = InboxVerifier.Table,
                Kind = VerifyDifference.Different,
                Key = new Dictionary<string, string?> { ["conversation"] = session.Group.ToString("D") },
            });
            difference.Columns.Should().Equal(new ColumnDifference("lastSeq", "999", original.ToString()));
        }
        finally
        {
            await redis.HashSetAsync(lastSeq, field, original);
        }
    }

    [Fact]
    public async Task Verify_while_users_register_compares_each_projection_at_its_own_checkpoint()
    {
        var session = await factory.Session;
        using var stop = new CancellationTokenSource();
        using var anonymous = factory.CreateClient();
        var registered = 0;
        var registering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("vreg"));
                Interlocked.Increment(ref registered);
            }
        });

        VerifyRun run;
        try
        {
            await Deadline.WaitUntilAsync(() => Volatile.Read(ref registered) > 0, JobTimeout, "registrations are under way");
            run = await VerifyAsync(session.Auditor);

            // One more registration after the job ended: the log is then surely past every position the job compared at.
            var atEnd = Volatile.Read(ref registered);
            await Deadline.WaitUntilAsync(() => Volatile.Read(ref registered) > atEnd, JobTimeout, "a registration commits after the verify");
        }
        finally
        {
            await stop.CancelAsync();
            await registering;
        }

        // Users registered before, while and after the users read model was compared: only its snapshot at the checkpoint counts.
        var head = await VerifySession.ScalarAsync<long>(factory, "SELECT position FROM es_log_head WHERE id = 1", new { });
        run.Status.Should().Be("succeeded", run.Error);
        run.Projections!.Single(p => p.Projection == "users").Position.Should().BeLessThan(head);
        run.DifferenceCount.Should().Be(0, string.Join("\n", run.Differences!.Select(VerifyCommand.Describe)));
    }

    [Fact]
    public async Task Verify_after_a_row_is_changed_by_hand_reports_exactly_that_row()
    {
        var session = await factory.Session;
        var id = session.Ann.Id.ToString("D");
        await ExecuteAsync("UPDATE rm_users SET nickname = 'Tampered' WHERE id = @id", new { id });
        try
        {
            var run = await VerifyAsync(session.Auditor);

            run.Status.Should().Be("succeeded", run.Error);
            run.DifferenceCount.Should().Be(1);
            var difference = run.Differences.Should().ContainSingle().Subject;
            difference.Projection.Should().Be("users");
            difference.Table.Should().Be("rm_users");
            difference.Kind.Should().Be(VerifyDifference.Different);
            difference.Key.Should().Equal(new Dictionary<string, string?> { ["id"] = id });
            difference.Columns.Should().Equal(new ColumnDifference("nickname", "Tampered", session.AnnNickname));
        }
        finally
        {
            await ExecuteAsync("UPDATE rm_users SET nickname = @nickname WHERE id = @id", new { id, nickname = session.AnnNickname });
        }
    }

    [Fact]
    public async Task Verify_routes_are_for_auditors_and_admins_only()
    {
        var session = await factory.Session;
        using var anonymous = factory.CreateClient();

        using (var noToken = await anonymous.PostAsync(new Uri("/api/audit/verify", UriKind.Relative), null))
        {
            noToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await session.Plain.PostAsync(new Uri("/api/audit/verify", UriKind.Relative), null).ShouldFailAsync(HttpStatusCode.Forbidden);
        await session.Plain.GetAsync(new Uri("/api/audit/verify/1", UriKind.Relative)).ShouldFailAsync(HttpStatusCode.Forbidden);
        using (var noTokenRead = await anonymous.GetAsync(new Uri("/api/audit/verify/1", UriKind.Relative)))
        {
            noTokenRead.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await session.Auditor.GetAsync(new Uri($"/api/audit/verify/no-such-{Guid.NewGuid():N}", UriKind.Relative)).ShouldFailAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Verify_command_prints_each_difference_and_exits_non_zero_only_when_there_are_some()
    {
        var session = await factory.Session;
        var conversation = session.Group.ToString("D");
        await ExecuteAsync("UPDATE rm_messages SET text = 'changed by hand' WHERE conversation_id = @conversation AND seq = @seq", new { conversation, seq = session.GroupSeq });
        try
        {
            var (exitCode, output) = await RunVerifyCommandAsync();

            exitCode.Should().Be(1, output);
            output.Should().Contain(
                $"rm_messages [conversation_id={conversation},seq={session.GroupSeq}] different: text: live \"changed by hand\", replayed \"{session.GroupText}\"");
            output.Should().Contain("verify: 1 differences in");
            output.Should().Contain("verify: 100%", "the command shows its progress");
        }
        finally
        {
            await ExecuteAsync("UPDATE rm_messages SET text = @text WHERE conversation_id = @conversation AND seq = @seq", new { conversation, seq = session.GroupSeq, text = session.GroupText });
        }

        var (cleanExit, cleanOutput) = await RunVerifyCommandAsync();
        cleanExit.Should().Be(0, cleanOutput);
        cleanOutput.Should().Contain("verify: 0 differences in");
    }

    /// <summary>Enqueues a verify as <paramref name="client"/> and reads its report once the job has finished.</summary>
    private async Task<VerifyRun> VerifyAsync(HttpClient client)
    {
        using var accepted = await client.PostAsync(new Uri("/api/audit/verify", UriKind.Relative), null);
        await accepted.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var jobId = (await accepted.Content.ReadFromJsonAsync<AcceptedDto>())!.JobId;
        accepted.Headers.Location!.OriginalString.Should().EndWith($"/api/audit/verify/{jobId}");

        VerifyRun? run = null;
        await Deadline.WaitUntilAsync(
            async () =>
            {
                run = await client.GetOkAsync<VerifyRun>($"/api/audit/verify/{jobId}");
                return run.Status is "succeeded" or "failed";
            },
            JobTimeout,
            $"the verify job {jobId} finishes");
        output.WriteLine($"verify {jobId}: {run!.Status} in {run.Seconds} s, {run.DifferenceCount} differences");
        return run;
    }

    private async Task<(int ExitCode, string Output)> RunVerifyCommandAsync()
    {
        var environment = new Dictionary<string, string>(TestSettings.AsEnvironment(TestSettings.Current with { DbName = factory.Database }))
        {
            ["LOG_LEVEL"] = "Warning",
        };
        var result = await OpsTools.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "EventChat.Projections.dll"), VerifyCommand.Verb],
            AppContext.BaseDirectory,
            JobTimeout,
            environment);
        output.WriteLine($"exit code {result.ExitCode}:\n{result.Output}");
        return result;
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await factory.Connections.OpenAsync(CancellationToken.None);
        (await connection.ExecuteAsync(sql, parameters)).Should().Be(1, sql);
    }

    private sealed record AcceptedDto(string JobId);
}
