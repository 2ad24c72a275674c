using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventChat.Bench.Harness;
using EventChat.Infrastructure.Configuration;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

// The real-time push benchmark (not a test): `make bench-realtime [BENCH_ARGS=--quick]`. See docs/realtime.md.
var usage =
    """
    usage: make bench-realtime BENCH_ARGS='[options]'
      --quick             a smoke run (200 connections, 200 messages/s, 5 s, 1,000 idle connections)
      --connections N     connections exchanging messages, spread over the 2 Api processes (default 1000)
      --rate N            messages per second sent, open loop (default 1000)
      --seconds N         how long messages are sent and measured (default 20)
      --warmup N          seconds of sending at the same rate before, not measured (default 60)
      --idle N            idle connections opened to one Api process afterwards (default 10000)
      --output PATH       JSON results (default bench/results/realtime.json)
      --api-env 'K=V;K=V' extra environment for both Api processes (an experiment)
      --api-dll PATH      the Api to start (default src/Api/bin/Release/net10.0/EventChat.Api.dll)
    """;

// The shared --warmup defaults to 2 s; a push benchmark warms up for 60 s unless told (--quick keeps 1 s): with dynamic
// PGO the JIT recompiles the hot methods through an instrumented tier during the first minute under load, and with
// 10 s the window measured that (push p99 0.9-1.2 s against 64 ms after 60 s; docs/realtime.md).
string[] withWarmup = args.Contains("--warmup") || args.Contains("--quick") ? args : ["--warmup", "60", .. args];
return await BenchRun.MainAsync(withWarmup, usage, a => BenchOptions.Parse(a, defaultLevels: [1], extraOptions: ["--connections", "--rate", "--seconds", "--idle", "--api-env", "--api-dll"]), async (options, cancellationToken) =>
{
    var settings = EventChatSettings.Load(DotEnvFile.EnvironmentThenFile());
    var connectionCount = (int)options.ExtraNumber("--connections", 1000, 200) / 2 * 2;
    var rate = (int)options.ExtraNumber("--rate", 1000, 200);
    var seconds = (int)options.ExtraNumber("--seconds", 20, 5);
    var idleCount = (int)options.ExtraNumber("--idle", 10_000, 1_000);
    var run = new BenchRun("realtime", "EventChat real-time push benchmark", options);
    run.Start();

    run.Phase("database and two Api processes");
    var database = await BenchDatabase.OpenAsync(settings, cancellationToken);
    await database.DropAllTablesAsync(cancellationToken);
    // Both processes get this one environment, so they accept each other's tokens (one random key for the run).
    var environment = BenchHttp.ApiEnvironment(database);
    environment["LOG_LEVEL"] = "Warning";
    BenchHttp.AddApiEnvironmentOption(environment, options);
    var dll = options.Extra.GetValueOrDefault("--api-dll") ?? Path.Combine(BenchRun.RepositoryRoot(), "src", "Api", "bin", "Release", "net10.0", "EventChat.Api.dll");
    await using var first = await ApiProcess.StartAsync(dll, environment, run.Log, cancellationToken);
    await using var second = await ApiProcess.StartAsync(dll, environment, run.Log, cancellationToken);
    Api[] apis = [new(first, Client(first.BaseAddress)), new(second, Client(second.BaseAddress))];
    run.Note("database", database.Name);
    run.Note("api processes", $"pid {first.ProcessId} on {first.BaseAddress}, pid {second.ProcessId} on {second.BaseAddress}; Production, LOG_LEVEL=Warning, projections in process (each push projection active in one of them)");

    run.Phase($"{connectionCount:N0} users in {connectionCount / 2:N0} pairs of friends (each pair's direct conversation)");
    var users = new User[connectionCount];
    await ParallelAsync(connectionCount, 16, async i =>
    {
        var api = apis[i % 2];
        var name = $"rt{i}_{Guid.NewGuid():N}"[..24];
        using var register = await api.Http.PostAsJsonAsync("api/auth/register", new { username = name, email = $"{name}@bench.test", password = "bench-password-1" }, cancellationToken);
        register.EnsureSuccessStatusCode();
        var id = (await register.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        using var login = await api.Http.PostAsJsonAsync("api/auth/login", new { login = name, password = "bench-password-1" }, cancellationToken);
        login.EnsureSuccessStatusCode();
        users[i] = new User(id, (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString()!, api);
    });
    var conversations = new Guid[connectionCount / 2];
    await ParallelAsync(connectionCount / 2, 16, async p =>
    {
        var (from, to) = (users[2 * p], users[(2 * p) + 1]);
        using var request = await from.Api.Http.SendAsync(Authorized(HttpMethod.Post, "api/friend-requests", from.Token, new { toUserId = to.Id }), cancellationToken);
        request.EnsureSuccessStatusCode();
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        using var accept = await to.Api.Http.SendAsync(Authorized(HttpMethod.Post, $"api/friend-requests/{requestId}/accept", to.Token, null), cancellationToken);
        accept.EnsureSuccessStatusCode();
        using var friends = await to.Api.Http.SendAsync(
            Authorized(HttpMethod.Get, $"api/friends?minPosition={accept.Headers.GetValues("X-Position").Single()}", to.Token, null), cancellationToken);
        var list = await friends.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        conversations[p] = list.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("userId").GetGuid() == from.Id).GetProperty("conversationId").GetGuid();
    });

    run.Phase($"{connectionCount:N0} hub connections (WebSockets), each pair split over the two processes");
    var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
    var receipts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    var latencies = new ConcurrentBag<long>();
    var sendLatencies = new ConcurrentBag<long>();
    var connections = new HubConnection[connectionCount];
    await ParallelAsync(connectionCount, 32, async i =>
    {
        var user = users[i];
        var connection = Hub(user.Api.Process.BaseAddress, user.Token);
        connection.On<JsonElement>("messageCreated", message =>
        {
            // The other member's receipt only: the sender's own copy is not what the goal measures.
            if (message.GetProperty("senderId").GetGuid() != user.Id && message.GetProperty("clientMessageId").GetString() is { } key)
            {
                var now = Stopwatch.GetTimestamp();
                if (receipts.AddOrUpdate(key, 1, (_, n) => n + 1) == 1 && sent.TryGetValue(key, out var at))
                {
                    latencies.Add(now - at);
                }
            }
        });
        await connection.StartAsync(cancellationToken);
        connections[i] = connection;
    });

    // Untimed first: the first sends and pushes run through the JIT (tier 0, then tier 1), and a backlog built then
    // would be measured long after. `--warmup` (default 60 s here) sends at the same rate before the window.
    var errors = 0L;
    string? firstError = null;
    if (options.Warmup > TimeSpan.Zero)
    {
        run.Phase($"warm-up: {rate:N0}/s for {options.Warmup.TotalSeconds:0} s, not measured");
        await SendAsync("w", (long)(rate * options.Warmup.TotalSeconds));
        await DrainAsync();
        sent.Clear();
        receipts.Clear();
        latencies.Clear();
        sendLatencies.Clear();
        errors = 0;
        firstError = null;
    }

    run.Phase($"messages: {rate:N0}/s for {seconds} s, open loop (each sent through its sender's process, received on the other)");
    var cpuBefore = MachineCpu.Read();
    var sendSeconds = await SendAsync("m", (long)rate * seconds);
    var cpuShares = cpuBefore is null ? null : MachineCpu.Read()?.SharesSince(cpuBefore);
    await DrainAsync();

    // Sends `total` messages at `rate` per second, open loop; the seconds it took.
    async Task<double> SendAsync(string prefix, long total)
    {
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var n = 0L; n < total; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var pair = (int)(n % conversations.Length);
            var sender = users[(2 * pair) + (int)(n / conversations.Length % 2)];
            var key = $"{prefix}{n}";
            inFlight.Add(Task.Run(
                async () =>
                {
                    sent[key] = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await sender.Api.Http.SendAsync(
                            Authorized(HttpMethod.Post, $"api/conversations/{conversations[pair]}/messages", sender.Token, new { clientMessageId = key, type = "text", text = "bench" }),
                            cancellationToken);
                        response.EnsureSuccessStatusCode();
                        sendLatencies.Add(Stopwatch.GetTimestamp() - sent[key]);
                    }
                    catch (HttpRequestException ex)
                    {
                        sent.TryRemove(key, out _);
                        Interlocked.Increment(ref errors);
                        firstError ??= ex.Message;
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(inFlight);
        return clock.Elapsed.TotalSeconds;
    }

    // Waits (up to 15 s) until every sent message was received once.
    async Task DrainAsync()
    {
        var drain = Stopwatch.StartNew();
        while (sent.Keys.Any(k => !receipts.ContainsKey(k)) && drain.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    var lost = sent.Keys.Count(k => !receipts.ContainsKey(k));
    var duplicated = receipts.Where(r => r.Key.StartsWith('m')).Sum(r => r.Value - 1);
    var receipt = LevelResult.From(connectionCount, sendSeconds, latencies.ToArray(), latencies.Count, errors + lost, firstError);
    var peak = apis.Select(a => PeakRssMb(a.Process.ProcessId)).ToArray();
    run.Note("messages", $"{sent.Count:N0} sent in {sendSeconds:0.0} s ({sent.Count / sendSeconds:N0}/s), {errors} send errors{(firstError is null ? string.Empty : $" (first: {firstError})")}");
    run.Note("lost", lost.ToString(CultureInfo.InvariantCulture));
    run.Note("duplicated", duplicated.ToString(CultureInfo.InvariantCulture));
    run.Note("machine cpu while sending (steal: taken by the hypervisor for other guests)", cpuShares ?? "unknown");
    run.Note("api peak memory (VmHWM)", string.Join(", ", peak.Select(m => $"{m:N0} MB")));
    run.Note("goal", $"p99 <= 50 ms at 1,000 connections and 1,000 messages/s: p99 {receipt.P99Ms:0.0} ms at {connectionCount:N0} connections and {sent.Count / sendSeconds:N0} messages/s");
    run.Record(new ScenarioResult(
        "send to receipt (other member)",
        "messages",
        null,
        null,
        $"POST /api/conversations/{{id}}/messages through the sender's process until messageCreated on the other member's connection (other process); {connectionCount:N0} connections, {rate:N0}/s offered; lost {lost}, duplicated {duplicated}",
        [receipt]));

    // The same sends' own answers: splits the latency above into the send (append, commit) and the push after it.
    run.Record(new ScenarioResult(
        "send (201 answered)",
        "messages",
        null,
        null,
        "the same POSTs, from the start of the request to its 201: the part of the latency above spent before the push",
        [LevelResult.From(connectionCount, sendSeconds, sendLatencies.ToArray(), sendLatencies.Count, errors, firstError)]));

    foreach (var connection in connections)
    {
        await connection.DisposeAsync();
    }

    run.Phase($"idle: {idleCount:N0} connections to one process");
    var target = apis[0].Process;
    var before = RssMb(target.ProcessId);
    var idle = new ConcurrentBag<HubConnection>();
    var idleErrors = 0;
    string? firstIdleError = null;
    var opening = Stopwatch.StartNew();
    await ParallelAsync(idleCount, 32, async i =>
    {
        var user = users[i % users.Length];
        var connection = Hub(target.BaseAddress, user.Token);
        try
        {
            await connection.StartAsync(cancellationToken);
            idle.Add(connection);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.WebSockets.WebSocketException or TimeoutException)
        {
            Interlocked.Increment(ref idleErrors);
            firstIdleError ??= ex.Message;
            await connection.DisposeAsync();
        }
    });
    var openSeconds = opening.Elapsed.TotalSeconds;

    // Settle past one presence refresh and keep-alive, then read the resident set.
    await Task.Delay(TimeSpan.FromSeconds(12), cancellationToken);
    var after = RssMb(target.ProcessId);
    var perConnectionKb = idle.IsEmpty ? 0 : (after - before) * 1024 / idle.Count;
    run.Note("idle connections held", $"{idle.Count:N0} of {idleCount:N0} ({idleErrors} failed{(firstIdleError is null ? string.Empty : $": {firstIdleError}")}), opened in {openSeconds:0.0} s");
    run.Note("idle memory", $"RSS {before:N0} MB before, {after:N0} MB after: {perConnectionKb:N1} KB per connection; goal >= 10,000 in <= 1 GB per process");
    run.Record(new ScenarioResult(
        "idle connections, one process",
        "connections",
        null,
        null,
        $"{idle.Count:N0} held; RSS {before:N0} -> {after:N0} MB ({perConnectionKb:N1} KB per connection)",
        [new LevelResult(idle.Count, openSeconds, idle.Count, idle.Count, 0, 0, 0, 0, idleErrors, firstIdleError)]));
    foreach (var connection in idle)
    {
        await connection.DisposeAsync();
    }

    run.Finish();
    return 0;
});

static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body)
{
    var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (body is not null)
    {
        request.Content = JsonContent.Create(body);
    }

    return request;
}

static HubConnection Hub(Uri baseAddress, string token) =>
    new HubConnectionBuilder()
        .WithUrl(new Uri(baseAddress, "hubs/chat"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

static async Task ParallelAsync(int count, int concurrency, Func<int, Task> body) =>
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await body(i));

static double RssMb(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

static double PeakRssMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

static long StatusKb(int pid, string field) =>
    long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

internal sealed record Api(ApiProcess Process, HttpClient Http);

internal sealed record User(Guid Id, string Token, Api Api);
