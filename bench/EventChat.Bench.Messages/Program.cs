using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Bench.Harness;
using EventChat.Bench.Messages;
using EventChat.Domain.Conversations;
using EventChat.Infrastructure.Configuration;
using EventChat.Projections.Conversations;

// The messaging benchmark (not a test): `make bench-messages [BENCH_ARGS=--quick]`. See docs/messaging.md.
var usage =
    """
    usage: make bench-messages BENCH_ARGS='[options]'
    """ + "\n" + BenchOptions.CommonUsage + "\n" +
    """
      --api-dll PATH      the Api to start (default src/Api/bin/Release/net10.0/EventChat.Api.dll)
      --projections off   the send path alone: the Api runs no projections and lag is not measured
      --api-env 'K=V;K=V' extra environment for the Api process (an experiment: LOG_LEVEL=Warning, DOTNET_gcServer=0)
      --client lean|httpclient  how the senders speak HTTP: one LeanHttpConnection each (default), or a shared HttpClient
      (this benchmark's --warmup defaults to 15 s, its --first-warmup to 45 s)
    """;

// 64 senders; 100 groups of 8 (group g holds the users u with u % 8 == g % 8, so from c=8 on the senders cover all
// 100 groups); one more group with all 64 for the single-conversation run.
const int Users = 64;
const int Groups = 100;
const int GroupStride = 8;
string[] lagged = [ConversationsProjection.ProjectionName, ConversationInboxProjection.ProjectionName];

// A 15 s warm-up unless told otherwise, 45 s before the first level: with 2 s the first scenario was measured while the
// JIT was still compiling on the two busy cores, and on a host half as fast 15 s were not enough either (docs/messaging.md,
// "Warm up for at least 15 s"). The Api compiles its hot code once, so only the first level needs the long one.
string[] withWarmup = args.Contains("--warmup") || args.Contains("--quick") ? args : ["--warmup", "15", .. args];
withWarmup = withWarmup.Contains("--first-warmup") || args.Contains("--quick") ? withWarmup : ["--first-warmup", "45", .. withWarmup];

return await BenchRun.MainAsync(withWarmup, usage, a => BenchOptions.Parse(a, extraOptions: ["--api-dll", "--projections", "--api-env", "--client"]), async (options, cancellationToken) =>
{
    var settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
    var run = new BenchRun("messages", "EventChat messaging benchmark", options);
    run.Start();

    run.Phase("database and Api");
    var database = await BenchDatabase.OpenAsync(settings, cancellationToken);
    await database.DropAllTablesAsync(cancellationToken);
    run.Note("database", database.Name + " (" + database.How + "); every table dropped and migrated again");
    await using var services = await BenchServices.CreateAsync(settings, database, cancellationToken);
    var environment = BenchHttp.ApiEnvironment(database);
    var projected = options.Extra.GetValueOrDefault("--projections") is not "off";
    environment["PROJECTIONS_IN_PROCESS"] = projected ? "true" : "false";
    BenchHttp.AddApiEnvironmentOption(environment, options);
    run.Note("api environment", string.Join(' ', environment.Where(e => e.Key != "JWT_SECRET").Select(e => $"{e.Key}={e.Value}")));
    var lean = options.Extra.GetValueOrDefault("--client") switch
    {
        null or "lean" => true,
        "httpclient" => false,
        var other => throw new ArgumentException($"--client takes lean or httpclient, got '{other}'."),
    };
    run.Note("client", lean ? "LeanHttpConnection, one kept-alive connection per sender" : "HttpClient (SocketsHttpHandler), one per level, a connection per sender");
    var dll = options.Extra.GetValueOrDefault("--api-dll") ?? Path.Combine(BenchRun.RepositoryRoot(), "src", "Api", "bin", "Release", "net10.0", "EventChat.Api.dll");

    var groups = Enumerable.Range(0, Groups).Select(_ => Guid.CreateVersion7()).ToArray();
    var hot = Guid.CreateVersion7();
    await using (var api = await ApiProcess.StartAsync(dll, environment, run.Log, cancellationToken))
    {
        run.Note("api", $"{dll}, pid {api.ProcessId}");
        run.WatchCpu("api", api.ProcessId);
        // This process (the load generator) shares the two cores with the Api: what it spends per message, the Api cannot.
        run.WatchCpu("bench", Environment.ProcessId);
        run.WatchLocalServices();

        run.Phase("seeding");
        var users = await SignUpAsync(api.BaseAddress, Users, run, cancellationToken);
        var appends = groups.Select((id, g) => Group(id, users.Where((_, u) => u % GroupStride == g % GroupStride).Select(u => u.Id).ToArray()))
            .Append(Group(hot, users.Select(u => u.Id).ToArray()))
            .ToArray();
        await services.Store.AppendAsync(appends, cancellationToken);
        run.Note("conversations", $"{Groups} groups of {Users / GroupStride} members, and one group of all {Users} users");

        run.Phase("sends");
        var lagDescription = "lag: commit to both conversation read models (MySQL messages, Redis inbox), per message, polled every 10 ms; "
            + "read own send: one more member sends, then reads that message back with minPosition (the time of the read), in a loop";
        // users[0] is a member of groups[0] (0 % 8 == 0) and of the group of all.
        ILevelProbe Probes(Guid readBack) => new ProbeSet(
            new ProjectionLagProbe(database.ConnectionString, lagged), new ReadYourWritesProbe(api.BaseAddress, users[0].Token, readBack),
            new DatabaseWorkProbe(database.ConnectionString));
        await run.MeasureAsync(
            new Scenario
            {
                Name = "send, 100 conversations",
                OperationUnit = "messages",
                Goals = [Goal.ItemsPerSecond(5_000, "messages")],
                Description = $"POST /api/conversations/{{id}}/messages (text, 201): sender c of {Users} signed-in users, each into its own groups in turn; {lagDescription}",
                Probe = projected ? () => Probes(groups[0]) : null,
                CreateWorker = (w, _) =>
                {
                    var user = users[w.Worker % Users];
                    var mine = groups.Where((_, g) => g % GroupStride == (w.Worker % Users) % GroupStride).ToArray();
                    return Task.FromResult(lean ? SendLean(w.Owns(new LeanHttpConnection(api.BaseAddress)), api.BaseAddress, user.Token, mine) : Send(BenchHttp.Client(w, api.BaseAddress), user.Token, mine));
                },
            },
            cancellationToken);
        await run.MeasureAsync(
            new Scenario
            {
                Name = "send, one conversation",
                OperationUnit = "messages",
                Goals = [Goal.ItemsPerSecond(2_000, "messages")],
                Description = $"the same into one group of all {Users} users: every send takes the next seq of one stream; {lagDescription}",
                Probe = projected ? () => Probes(hot) : null,
                CreateWorker = (w, _) => Task.FromResult(lean
                    ? SendLean(w.Owns(new LeanHttpConnection(api.BaseAddress)), api.BaseAddress, users[w.Worker % Users].Token, [hot])
                    : Send(BenchHttp.Client(w, api.BaseAddress), users[w.Worker % Users].Token, [hot])),
            },
            cancellationToken);
    }

    // With the Api stopped, so that nothing else runs beside it: the store alone, in this process.
    run.Phase("the store's own append rate");
    await run.MeasureAsync(
        new Scenario
        {
            Name = "store append, 1 message",
            OperationUnit = "appends",
            Description = "baseline: IEventStore.AppendAsync of one message-sent event to a messages stream (any version), in this process, over the 100 groups; what a send costs without HTTP, auth, the membership check and the projections",
            Probe = () => new DatabaseWorkProbe(database.ConnectionString),
            CreateWorker = (w, _) =>
            {
                var next = w.Worker;
                return Task.FromResult<Operation>(async ct =>
                {
                    var conversation = groups[next++ % Groups];
                    var id = Guid.CreateVersion7();
                    var message = new MessageSent(conversation, id, Guid.Empty, id.ToString("N"), "text", "bench message", null, null, DateTimeOffset.UtcNow);
                    await services.Store.AppendAsync(
                        new ConversationId(conversation).MessagesStream, [EventToAppend.New(message, EventMetadata.Empty)], ExpectedVersion.Any, ct);
                    return 1;
                });
            },
        },
        cancellationToken);

    run.Finish();
    return 0;
});

static StreamAppend Group(Guid id, Guid[] members) =>
    new(new ConversationId(id).Stream, ExpectedVersion.NoStream,
        [EventToAppend.New(new GroupCreated(id, members[0], "bench", members[1..], DateTimeOffset.UtcNow), EventMetadata.Empty)]);

static Operation Send(HttpClient client, string token, Guid[] conversations)
{
    var next = 0;
    return async cancellationToken =>
    {
        var conversation = conversations[next++ % conversations.Length];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/conversations/{conversation}/messages", UriKind.Relative))
        {
            Content = JsonContent.Create(new { clientMessageId = Guid.NewGuid().ToString("N"), type = "text", text = "bench message" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created
            ? 1
            : throw new HttpRequestException($"POST messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    };
}

// The same send on a LeanHttpConnection: each conversation's request is made once, and each send writes a fresh
// clientMessageId (32 hex digits, so the length never changes) into it.
static Operation SendLean(LeanHttpConnection connection, Uri baseAddress, string token, Guid[] conversations)
{
    const string idPlaceholder = "00000000000000000000000000000000";
    var body = Encoding.UTF8.GetBytes($$"""{"clientMessageId":"{{idPlaceholder}}","type":"text","text":"bench message"}""");
    var requests = conversations.Select(conversation => LeanHttpConnection.Request(
        "POST", baseAddress, $"/api/conversations/{conversation}/messages", [("Authorization", "Bearer " + token), ("Content-Type", "application/json")], body)).ToArray();
    var idOffset = requests[0].Length - body.Length + body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(idPlaceholder));
    var next = 0;
    return async cancellationToken =>
    {
        var request = requests[next++ % requests.Length];
        Span<byte> id = stackalloc byte[16];
        Random.Shared.NextBytes(id);
        Convert.TryToHexStringLower(id, request.AsSpan(idOffset, idPlaceholder.Length), out _);
        var response = await connection.SendAsync(request, cancellationToken);
        return response.StatusCode == (int)HttpStatusCode.Created
            ? 1
            : throw new HttpRequestException($"POST messages answered {response.StatusCode}: {response.BodyText}");
    };
}

// Registers and signs in the senders through the Api, eight at a time.
static async Task<BenchUser[]> SignUpAsync(Uri baseAddress, int count, BenchRun run, CancellationToken cancellationToken)
{
    using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    var users = new BenchUser[count];
    var done = 0;
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
    {
        var username = string.Create(CultureInfo.InvariantCulture, $"sender_{i}_{Guid.NewGuid().ToString("N")[..8]}");
        const string password = "bench-password-123";
        using var registered = await client.PostAsJsonAsync("api/auth/register", new { username, email = username + "@bench.invalid", password }, ct);
        var user = await BenchHttp.ReadAsync<Registered>(registered, HttpStatusCode.Created, ct);
        using var loggedIn = await client.PostAsJsonAsync("api/auth/login", new { login = username, password }, ct);
        var tokens = await BenchHttp.ReadAsync<Tokens>(loggedIn, HttpStatusCode.OK, ct);
        users[i] = new BenchUser(user.Id, tokens.AccessToken);
        if (Interlocked.Increment(ref done) % 16 == 0)
        {
            run.Log(string.Create(CultureInfo.InvariantCulture, $"  senders signed up: {done} of {count}"));
        }
    });
    return users;
}

internal sealed record BenchUser(Guid Id, string Token);

internal sealed record Registered(Guid Id);

internal sealed record Tokens(string AccessToken);
