using System.Diagnostics;
using Dapper;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Redis;
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
        using var worker = StartWorker();
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

    private Process StartWorker()
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

        var process = Process.Start(start)!;

        // Drain its JSON log lines so the pipes never fill.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
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
