using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Redis;
using EventChat.IntegrationTests.Operations;
using EventChat.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EventChat.IntegrationTests.Projections;

/// <summary>
/// The projections worker as its own process (what `dotnet run --project src/Projections` starts), on a
/// database of this test's own so that no other engine competes for its leases.
/// </summary>
public sealed class ProjectionsWorkerProcessTests : IAsyncLifetime
{
    private readonly string _database = $"{TestSettings.Current.DbName}_w{Guid.NewGuid():N}"[..48];
    private MySqlConnectionFactory _connections = null!;

    private EventChatSettings WorkerSettings => TestSettings.Current with { DbName = _database };

    public async Task InitializeAsync()
    {
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"CREATE DATABASE `{_database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        _connections = new MySqlConnectionFactory(WorkerSettings.MySqlConnectionString);
    }

    public async Task DisposeAsync()
    {
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS `{_database}`");
    }

    [Fact]
    public async Task Worker_process_migrates_takes_the_lease_and_projects_an_append_made_by_another_process()
    {
        using var worker = StartWorker(metricsPort: "off");
        try
        {
            await Deadline.WaitUntilAsync(
                async () => await ScalarAsync<string?>("SELECT owner FROM es_projection_checkpoints WHERE name = 'users' AND status = 'running'") is { } owner
                    && owner.Contains($":{worker.Id}:", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                "the worker migrates its database and becomes the active owner of the users projection");

            // This test process appends and announces it over Redis, as an Api instance would.
            using var redis = await ConnectionMultiplexer.ConnectAsync(TestSettings.Current.RedisConfiguration);
            var signal = new AppendSignal();
            var bridge = new RedisAppendBridge(redis, signal, WorkerSettings, NullLogger<RedisAppendBridge>.Instance);
            await bridge.StartAsync(CancellationToken.None);
            var store = new MySqlEventStore(_connections, EventTypes.CreateRegistry(), signal, new EventStoreOptions(), NullLogger<MySqlEventStore>.Instance);
            var userId = Guid.CreateVersion7();
            await store.AppendAsync(
                new StreamName("user", $"user-{userId:D}"),
                [EventToAppend.New(new UserRegistered(userId, "worker_probe", "probe@example.test", "Probe", PasswordSchemes.BCrypt, "hash", DateTimeOffset.UtcNow), EventMetadata.Empty)],
                ExpectedVersion.NoStream,
                CancellationToken.None);

            await Deadline.WaitUntilAsync(
                async () => await ScalarAsync<string?>("SELECT username FROM rm_users WHERE id = @id", new { id = userId.ToString("D") }) == "worker_probe",
                TimeSpan.FromSeconds(30),
                "the worker applies the event to the users read model");
            await bridge.StopAsync(CancellationToken.None);
            worker.HasExited.Should().BeFalse();
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Worker_process_serves_its_metrics_on_METRICS_PORT_with_the_projection_gauges_and_the_backup_counters()
    {
        var port = OpsTools.FreeLoopbackPort();
        using var worker = StartWorker(metricsPort: port.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var http = new HttpClient();
            var metrics = new Uri($"http://127.0.0.1:{port}/metrics");
            var text = string.Empty;
            await Deadline.WaitUntilAsync(
                async () =>
                {
                    try
                    {
                        text = await http.GetStringAsync(metrics);
                        return PrometheusText.Parse(text).Any(s => s.Name == "eventchat_projection_position" && s.Label("projection") == "users");
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(60),
                "the worker serves /metrics on METRICS_PORT once it has migrated its database");

            var samples = PrometheusText.Parse(text);
            samples.Should().Contain(s => s.Name == "eventchat_projection_head_position" && s.Label("projection") == "users");
            samples.Should().Contain(s => s.Name == "process_cpu_seconds_total" && s.Value > 0);
            text.Should().Contain("# TYPE eventchat_backups_total counter", "backups run in the worker under compose: BackupFailed needs this family")
                .And.Contain("# TYPE eventchat_backup_last_success_timestamp_seconds gauge");
            worker.HasExited.Should().BeFalse();
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Worker_process_whose_METRICS_PORT_is_taken_stops_with_one_line_naming_it()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var errors = new ConcurrentQueue<string>();
        using var worker = StartWorker(metricsPort: port.ToString(CultureInfo.InvariantCulture), errors);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await worker.WaitForExitAsync(timeout.Token);
            worker.ExitCode.Should().Be(1);
            errors.Should().Contain(line => line.StartsWith("Invalid configuration: METRICS_PORT ", StringComparison.Ordinal));
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }
        }
    }

    private Process StartWorker(string metricsPort, ConcurrentQueue<string>? errors = null)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "EventChat.Projections.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in TestSettings.AsEnvironment(WorkerSettings))
        {
            start.Environment[name] = value;
        }

        // Never the default 9464: other checkouts' tests and workers may run on this machine.
        start.Environment["METRICS_PORT"] = metricsPort;
        var process = Process.Start(start)!;

        // Drain its JSON log lines so the pipes never fill.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors?.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await _connections.OpenAsync(CancellationToken.None);
        try
        {
            return await connection.ExecuteScalarAsync<T>(sql, parameters);
        }
        catch (MySqlConnector.MySqlException ex) when (ex.ErrorCode == MySqlConnector.MySqlErrorCode.NoSuchTable)
        {
            return default;
        }
    }
}
