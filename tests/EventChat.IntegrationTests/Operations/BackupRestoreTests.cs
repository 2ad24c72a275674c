using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using EventChat.IntegrationTests.Uploads;
using Hangfire;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// Backup → wipe → restore → the same answers: users, friends, a direct and a group conversation with text and image
/// messages, read markers, an avatar, uploads. The backup is taken through <c>POST /api/admin/backups</c> (a Hangfire
/// job); the wipe drops the database and the bucket; the restore is the documented command
/// (<c>dotnet EventChat.Projections.dll restore ID</c>, what <c>make restore BACKUP=ID</c> runs) in a child process.
/// </summary>
public sealed class BackupRestoreTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Backup_wipe_restore_answers_the_same_queries_with_the_same_json_and_the_same_files()
    {
        await using var resources = new BackupTestResources();
        await CreateDatabaseAsync(resources.Database);

        Session session;
        IReadOnlyDictionary<string, string> before;
        Dictionary<Guid, byte[]> filesBefore;
        (long Count, long Checksum) logBefore;
        BackupListItem backup;
        await using (var source = new BackupApiFactory(resources))
        {
            await source.InitializeAsync();
            session = await WriteSessionAsync(source, resources);
            before = await SnapshotAsync(source, session);
            filesBefore = await DownloadUploadsAsync(source, session);

            using var admin = await SignedInAsync(source, resources.Admin, register: true);
            using var run = await admin.PostAsync("/api/admin/backups", null);
            await run.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            var jobId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString();
            jobId.Should().NotBeNullOrEmpty();
            run.Headers.Location!.ToString().Should().Be($"/hangfire/jobs/details/{jobId}");
            var jobs = source.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            BackupListItem[] listed = [];
            await HangfireStates.ExplainTimeoutAsync(
                jobs,
                jobId!,
                () => Deadline.WaitUntilAsync(
                    async () => (listed = (await admin.GetFromJsonAsync<BackupListDto>("/api/admin/backups"))!.Items).Length == 1,
                    JobTimeout,
                    "the backup job completes and the backup is listed"));
            backup = listed[0];

            // Progress and size are in Hangfire: the job's parameter and its result (the listing appears just before the job ends).
            await Deadline.WaitUntilAsync(() => jobs.JobDetails(jobId).History[0].StateName == "Succeeded", JobTimeout, "the job succeeds");
            var details = jobs.JobDetails(jobId);
            details.Properties.Should().ContainKey("progress");
            details.History[0].Data["Result"].Should().Contain(backup.Id);

            // Nothing writes after the backup (the admin's sign-up came before it): the log as backed up.
            logBefore = await LogChecksumAsync(resources.Connections);
        }

        backup.HeadPosition.Should().Be(logBefore.Count, "the log is gap-free: its head is its number of events");
        backup.DatabaseDump!.Bytes.Should().BeGreaterThan(0);
        backup.Objects.Should().Be(session.Uploads.Count);
        backup.MissingObjects.Should().BeEmpty();
        backup.Files!.Name.Should().Be("files.tar.gz");

        // Wipe: no database, no bucket.
        await resources.DropDatabaseAsync();
        await resources.DropBucketAsync();

        var (exitCode, output) = await RestoreAsync(resources, backup.Id);
        exitCode.Should().Be(0, output);
        output.Should().Contain($"restored backup {backup.Id}: {backup.HeadPosition} events, {session.Uploads.Count} objects");

        (await LogChecksumAsync(resources.Connections)).Should().Be(logBefore, "the restored log is the same events, byte for byte");
        await using var restored = new BackupApiFactory(resources);
        await restored.InitializeAsync();

        // The same tokens still work: their sessions are events, restored with the rest.
        var after = await SnapshotAsync(restored, session);
        after.Keys.Should().BeEquivalentTo(before.Keys);
        foreach (var (query, json) in before)
        {
            after[query].Should().Be(json, $"GET {query} answers as before the wipe");
        }

        var filesAfter = await DownloadUploadsAsync(restored, session);
        foreach (var (id, bytes) in filesBefore)
        {
            filesAfter[id].Should().Equal(bytes, $"upload {id} has the same bytes");
        }
    }

    [Fact]
    public async Task Restore_refuses_a_database_that_is_not_empty()
    {
        await using var resources = new BackupTestResources();
        await CreateDatabaseAsync(resources.Database);
        await using (var connection = await resources.Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("CREATE TABLE keep_me (id INT PRIMARY KEY)");
        }

        // A backup folder made by hand is enough: the refusal comes before anything is read from it.
        var folder = Path.Combine(resources.BackupDir, "20260101T000000Z-abcd");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "backup.json"), JsonSerializer.Serialize(
            new { id = "20260101T000000Z-abcd", createdAt = DateTimeOffset.UtcNow, database = "x", bucket = "y", headPosition = 1, objects = 0, missingObjects = Array.Empty<string>(), dumpTool = "mariadb-dump", durationSeconds = 1 }));

        var (exitCode, output) = await RestoreAsync(resources, "20260101T000000Z-abcd");
        exitCode.Should().Be(1, output);
        output.Should().Contain($"Database '{resources.Database}' is not empty (1 tables)");
        await using var check = await resources.Connections.OpenAsync(CancellationToken.None);
        (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")).Should().Be(1);
    }

    private sealed record Session(
        string Username1, string Token1, Guid User1, string Username2, string Token2, Guid User2, Guid Direct, Guid Group, IReadOnlyList<Guid> Uploads, long Position);

    private static async Task<Session> WriteSessionAsync(ApiFactory factory, BackupTestResources resources)
    {
        using var anonymous = factory.CreateClient();
        var ann = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("bann"));
        var bob = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("bbob"));
        var annTokens = await anonymous.LoginAsync(ann.Username);
        var bobTokens = await anonymous.LoginAsync(bob.Username);
        using var annClient = Authorized(factory, annTokens.AccessToken);
        using var bobClient = Authorized(factory, bobTokens.AccessToken);

        using var request = await annClient.PostAsJsonAsync("/api/friend-requests", new { toUserId = bob.Id, message = "hi, it's ann" });
        await request.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var accept = await bobClient.PostAsync($"/api/friend-requests/{requestId}/accept?minPosition={Position(request)}", null);
        await accept.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var friends = await annClient.GetFromJsonAsync<JsonElement>($"/api/friends?minPosition={Position(accept)}");
        var direct = friends.GetProperty("items")[0].GetProperty("conversationId").GetGuid();
        using (var remark = await bobClient.PutAsJsonAsync($"/api/friends/{ann.Id}/remark", new { remark = "Ann from work" }))
        {
            await remark.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        using var group = await annClient.PostAsJsonAsync("/api/conversations", new { type = "group", name = "Backup club", memberIds = new[] { bob.Id } });
        await group.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var groupId = (await group.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var photo = await UploadClient.UploadAsync(annClient, UploadClient.Sample("image/png"), "photo.png", "image/png");
        var avatar = await UploadClient.UploadAsync(bobClient, UploadClient.Sample("image/jpeg"), "me.jpg", "image/jpeg");
        resources.RememberObject($"uploads/{photo.Id:N}");
        resources.RememberObject($"uploads/{avatar.Id:N}");
        using (var profile = await bobClient.PatchAsJsonAsync("/api/users/me", new { nickname = "Bobby", bio = "restores things", avatarUploadId = avatar.Id }))
        {
            await profile.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        long last = 0;
        foreach (var (client, conversation, body) in new (HttpClient, Guid, object)[]
        {
            (annClient, direct, new { clientMessageId = "d1", type = "text", text = "hello bob" }),
            (bobClient, direct, new { clientMessageId = "d2", type = "text", text = "hello ann" }),
            (annClient, direct, new { clientMessageId = "d3", type = "image", text = "look", uploadId = photo.Id }),
            (annClient, groupId, new { clientMessageId = "g1", type = "text", text = "welcome to the club" }),
            (bobClient, groupId, new { clientMessageId = "g2", type = "text", text = "thanks" }),
        })
        {
            using var sent = await client.PostAsJsonAsync($"/api/conversations/{conversation}/messages", body);
            await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
            last = Position(sent);
        }

        using (var read = await bobClient.PostAsJsonAsync($"/api/conversations/{direct}/read", new { seq = 2 }))
        {
            await read.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            last = Math.Max(last, Position(read));
        }

        return new Session(ann.Username, annTokens.AccessToken, ann.Id, bob.Username, bobTokens.AccessToken, bob.Id, direct, groupId, [photo.Id, avatar.Id], last);
    }

    /// <summary>The JSON of every read route a client uses, for both users, with presigned URLs cut at their query (their signature and expiry change by the minute).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(ApiFactory factory, Session session)
    {
        var answers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, token, other) in new[] { ("ann", session.Token1, session.User2), ("bob", session.Token2, session.User1) })
        {
            using var client = Authorized(factory, token);
            var minPosition = $"minPosition={session.Position}";
            foreach (var path in new[]
            {
                "/api/users/me",
                $"/api/users/{other}",
                $"/api/users?search={session.Username1[..6]}",
                "/api/friends",
                "/api/friend-requests?direction=incoming&status=accepted",
                "/api/friend-requests?direction=outgoing&status=accepted",
                "/api/blocks",
                "/api/conversations",
                $"/api/conversations/{session.Direct}",
                $"/api/conversations/{session.Group}",
                $"/api/conversations/{session.Direct}/messages?afterSeq=0",
                $"/api/conversations/{session.Group}/messages?afterSeq=0",
                $"/api/conversations/{session.Direct}/messages",
            })
            {
                var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
                using var response = await client.GetAsync(path + separator + minPosition);
                await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
                answers[$"{name} {path}"] = Normalize(await response.Content.ReadAsStringAsync());
            }
        }

        return answers;
    }

    private static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!;
        Walk(node);
        return node.ToJsonString();

        static void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    obj.Remove("urlExpiresAt");
                    foreach (var (key, value) in obj.ToArray())
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("http", StringComparison.Ordinal) && text.Contains('?', StringComparison.Ordinal))
                        {
                            obj[key] = text[..text.IndexOf('?', StringComparison.Ordinal)];
                        }
                        else
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }

                    break;
            }
        }
    }

    private static async Task<Dictionary<Guid, byte[]>> DownloadUploadsAsync(ApiFactory factory, Session session)
    {
        var files = new Dictionary<Guid, byte[]>();
        foreach (var (id, token) in new[] { (session.Uploads[0], session.Token1), (session.Uploads[1], session.Token2) })
        {
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var redirect = await client.GetAsync($"/api/uploads/{id}");
            await redirect.ShouldHaveStatusAsync(HttpStatusCode.Found);
            using var store = new HttpClient();
            files[id] = await store.GetByteArrayAsync(redirect.Headers.Location);
        }

        return files;
    }

    /// <summary>Count and a checksum of every stored event (position, id, stream, version, type, data, metadata, time).</summary>
    private static async Task<(long Count, long Checksum)> LogChecksumAsync(MySqlConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(long Count, decimal? Sum)>(
            """
            SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', position, HEX(event_id), stream_id, stream_version, event_type, data, metadata, created_at)))
            FROM es_events
            """);
        return (row.Count, (long)(row.Sum ?? 0));
    }

    private static async Task<(int ExitCode, string Output)> RestoreAsync(BackupTestResources resources, string backup)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventChat.Projections.dll"));
        start.ArgumentList.Add("restore");
        start.ArgumentList.Add(backup);
        foreach (var (name, value) in TestSettings.AsEnvironment(TestSettings.Current))
        {
            start.Environment[name] = value;
        }

        foreach (var (name, value) in resources.Settings)
        {
            start.Environment[name] = value;
        }

        start.Environment["LOG_LEVEL"] = "Warning";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task CreateDatabaseAsync(string database)
    {
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    private static async Task<HttpClient> SignedInAsync(ApiFactory factory, string username, bool register)
    {
        using var anonymous = factory.CreateClient();
        if (register)
        {
            await anonymous.RegisterAsync(username);
        }

        var tokens = await anonymous.LoginAsync(username);
        return Authorized(factory, tokens.AccessToken);
    }

    private static HttpClient Authorized(ApiFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static long Position(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Position").Single(), CultureInfo.InvariantCulture);
}

public sealed record BackupFileDto(string Name, long Bytes, string Sha256);

public sealed record BackupListItem(
    string Id, DateTimeOffset CreatedAt, string Database, string Bucket, long HeadPosition, BackupFileDto? DatabaseDump, BackupFileDto? Files, int Objects,
    string[] MissingObjects, string DumpTool, double DurationSeconds, DateTimeOffset? FilesDeletedAt);

public sealed record BackupListDto(BackupListItem[] Items);
