using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using EventChat.Bench.Harness;
using EventChat.Infrastructure.Configuration;
using MySqlConnector;

// The API read benchmark (not a test): `make bench-api [BENCH_ARGS=--quick]`. See docs/benchmarks.md.
var usage =
    """
    usage: make bench-api BENCH_ARGS='[options]'
    """ + "\n" + BenchOptions.CommonUsage.Replace("1,8,32,64", "1,32   ", StringComparison.Ordinal) + "\n" +
    """
      --api-env 'K=V;K=V' extra environment for the Api process (an experiment: LOG_LEVEL=Warning, DOTNET_gcServer=1)
      --api-dll PATH      the Api to start (default src/Api/bin/Release/net10.0/EventChat.Api.dll)
      (this benchmark's --first-warmup defaults to 45 s)
    """;
const string MeRoute = "api/users/me";
const int ColdProfiles = 100_000;

// 45 s of untimed reads before the first level unless told: with dynamic PGO the Api's JIT recompiles the hot methods
// through an instrumented tier in its first half minute or so under load (docs/realtime.md, "Thirteenth session").
string[] withWarmup = args.Contains("--first-warmup") || args.Contains("--quick") ? args : ["--first-warmup", "45", .. args];
return await BenchRun.MainAsync(withWarmup, usage, a => BenchOptions.Parse(a, defaultLevels: [1, 32], extraOptions: ["--api-env", "--api-dll"]), async (options, cancellationToken) =>
{
    var settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
    var run = new BenchRun("api-read", "EventChat API read benchmark", options);
    run.Start();

    run.Phase("database and Api");
    var database = await BenchDatabase.OpenAsync(settings, cancellationToken);
    await database.DropAllTablesAsync(cancellationToken);
    run.Note("database", database.Name + " (" + database.How + "); every table dropped, the Api migrates it at start");
    var environment = new Dictionary<string, string>
    {
        ["DB_NAME"] = database.Name,
        // Production, as deployed; it refuses the development key, so the run signs with a random one.
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["JWT_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["PROJECTIONS_IN_PROCESS"] = "true",
    };
    BenchHttp.AddApiEnvironmentOption(environment, options);

    run.Note("api environment", string.Join(' ', environment.Where(e => e.Key != "JWT_SECRET").Select(e => $"{e.Key}={e.Value}")) +
        $" LOG_LEVEL={environment.GetValueOrDefault("LOG_LEVEL", settings.LogLevel)}");
    var dll = options.Extra.GetValueOrDefault("--api-dll") ?? Path.Combine(BenchRun.RepositoryRoot(), "src", "Api", "bin", "Release", "net10.0", "EventChat.Api.dll");
    await using var api = await ApiProcess.StartAsync(dll, environment, run.Log, cancellationToken);
    run.Note("api", $"{dll}, pid {api.ProcessId}");
    run.WatchCpu("api", api.ProcessId);
    run.WatchLocalServices();

    var (userId, token) = await SignUpAsync(api.BaseAddress, run, cancellationToken);
    var selectConnection = new MySqlConnectionStringBuilder(database.ConnectionString) { Database = database.Name }.ConnectionString;

    run.Phase("reads");
    await run.MeasureAsync(
        new Scenario
        {
            Name = "401 problem+json",
            OperationUnit = "requests",
            Description = "baseline: GET /api/users/me without a token, answered 401 application/problem+json (routing, middleware, authentication, the problem writer)",
            CreateWorker = (w, _) => Task.FromResult(Get(BenchHttp.Client(w, api.BaseAddress), token: null, HttpStatusCode.Unauthorized)),
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "GET /api/users/me",
            OperationUnit = "requests",
            Baseline = "401 problem+json",
            Goals = [Goal.Ratio(0.5, 32)],
            Description = "the measured read: the caller's profile with a valid access token, 200 JSON from rm_users",
            CreateWorker = (w, _) => Task.FromResult(Get(BenchHttp.Client(w, api.BaseAddress), token, HttpStatusCode.OK)),
        },
        cancellationToken);
    var coldIds = await SeedProfilesAsync(selectConnection, ColdProfiles, run, cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "GET /api/users/{id}, cold",
            OperationUnit = "requests",
            Baseline = "401 problem+json",
            Description = $"the same read when the profile cache cannot help: {ColdProfiles:N0} profiles read round-robin, so each is read again only after its cache entry (2 s) expired: every read goes to MySQL",
            CreateWorker = (w, _) => Task.FromResult(GetProfiles(BenchHttp.Client(w, api.BaseAddress), token, coldIds, w)),
        },
        cancellationToken);
    await run.MeasureAsync(
        new Scenario
        {
            Name = "SELECT rm_users by id",
            OperationUnit = "selects",
            Baseline = "401 problem+json",
            Description = "the database's ceiling: the same primary-key row straight through MySqlConnector on a held connection",
            CreateWorker = (w, ct) => SelectByIdAsync(w, selectConnection, userId, ct),
        },
        cancellationToken);

    run.Finish();
    return 0;
});

static Operation Get(HttpClient client, string? token, HttpStatusCode expected) => async cancellationToken =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(MeRoute, UriKind.Relative));
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    if (response.StatusCode != expected)
    {
        throw new HttpRequestException($"GET /{MeRoute} answered {(int)response.StatusCode}, expected {(int)expected}");
    }

    return 1;
};

// Cold profiles are rows of rm_users written straight into the bench database (as the users projection would):
// registering 100,000 users through the Api would spend minutes in BCrypt.
static async Task<string[]> SeedProfilesAsync(string connectionString, int count, BenchRun run, CancellationToken cancellationToken)
{
    const int perStatement = 1_000;
    var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7().ToString("D")).ToArray();
    await using var connection = new MySqlConnection(connectionString);
    await connection.OpenAsync(cancellationToken);
    for (var start = 0; start < count; start += perStatement)
    {
        var values = string.Join(',', ids.Skip(start).Take(perStatement).Select(id =>
            $"('{id}','cold_{id[^12..]}','cold_{id[^12..]}@bench.invalid','cold {id[^12..]}','','user',UTC_TIMESTAMP(6),UTC_TIMESTAMP(6),0)"));
        await using var insert = new MySqlCommand(
            "INSERT INTO rm_users (id, username, email, nickname, bio, roles, created_at, updated_at, last_position) VALUES " + values, connection);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        if ((start / perStatement) % 20 == 19)
        {
            run.Log(string.Create(CultureInfo.InvariantCulture, $"  cold profiles: {start + perStatement:N0} of {count:N0} rows written"));
        }
    }

    run.Note("cold profiles", string.Create(CultureInfo.InvariantCulture, $"{count:N0} rows in rm_users"));
    return ids;
}

// Workers share one cursor over the ids, so the level as a whole reads them round-robin.
static Operation GetProfiles(HttpClient client, string token, string[] ids, WorkerContext worker)
{
    var cursor = worker.Shared(() => new StrongBox<long>(0));
    return async cancellationToken =>
    {
        var id = ids[(int)(Interlocked.Increment(ref cursor.Value) % ids.Length)];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/users/" + id, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK ? 1 : throw new HttpRequestException($"GET /api/users/{id} answered {(int)response.StatusCode}");
    };
}

static async Task<Operation> SelectByIdAsync(WorkerContext worker, string connectionString, string userId, CancellationToken cancellationToken)
{
    var connection = worker.Owns(new MySqlConnection(connectionString));
    await connection.OpenAsync(cancellationToken);
    var select = worker.Owns(new MySqlCommand(
        "SELECT id, username, email, nickname, bio, avatar_upload_id, roles, created_at, updated_at, last_position FROM rm_users WHERE id = @id LIMIT 1",
        connection));
    select.Parameters.AddWithValue("@id", userId);
    return async token =>
    {
        await using var reader = await select.ExecuteReaderAsync(token);
        var rows = 0;
        while (await reader.ReadAsync(token))
        {
            rows++;
        }

        return rows == 1 ? 1 : throw new InvalidOperationException($"rm_users has no row {userId}");
    };
}

// POST /api/auth/register, then /api/auth/login (the README's curl session), then waits until /me answers 200.
static async Task<(string UserId, string Token)> SignUpAsync(Uri baseAddress, BenchRun run, CancellationToken cancellationToken)
{
    using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    var username = "bench_" + Guid.NewGuid().ToString("N")[..10];
    const string password = "bench-password-123";
    using var registered = await client.PostAsJsonAsync("api/auth/register", new { username, email = username + "@bench.invalid", password }, cancellationToken);
    var user = await BenchHttp.ReadAsync<RegisteredUser>(registered, HttpStatusCode.Created, cancellationToken);
    using var loggedIn = await client.PostAsJsonAsync("api/auth/login", new { login = username, password }, cancellationToken);
    var tokens = await BenchHttp.ReadAsync<Tokens>(loggedIn, HttpStatusCode.OK, cancellationToken);
    run.Note("user", $"{username} ({user.Id})");

    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
    while (true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(MeRoute, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var me = await client.SendAsync(request, cancellationToken);
        if (me.StatusCode == HttpStatusCode.OK)
        {
            return (user.Id, tokens.AccessToken);
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new InvalidOperationException($"GET /{MeRoute} still answers {(int)me.StatusCode} a minute after sign-up.");
        }

        run.Log(string.Create(CultureInfo.InvariantCulture, $"  GET /{MeRoute} answered {(int)me.StatusCode}; the users projection is catching up"));
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
    }
}

internal sealed record RegisteredUser(string Id);

internal sealed record Tokens(string AccessToken);
