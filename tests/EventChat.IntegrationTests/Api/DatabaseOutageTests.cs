using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api;

/// <summary>
/// MariaDB killed with SIGKILL under writes, then started again: while it is down every answer is a 503
/// problem+json with Retry-After (never a 500); afterwards the Api serves again without a restart and every
/// acknowledged registration is still there. A private server, so the shared one is never touched.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly PrivateMariaDb _database = new();
    private OutageApiFactory? _factory;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new OutageApiFactory(_database.Port);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Database_killed_and_restarted_gives_503_with_Retry_After_meanwhile_and_loses_nothing_acknowledged()
    {
        using var client = _factory!.CreateClient();
        var acknowledged = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            acknowledged.Add((await client.RegisterAsync(ApiClientExtensions.UniqueName("db"))).Username);
        }

        await _database.KillAsync();

        // Writes and reads that need the database while it is down.
        var answers = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                answers.Add(await client.PostAsJsonAsync("/api/auth/register", new { username = ApiClientExtensions.UniqueName("dd"), email = $"dd{i}_{Guid.NewGuid():N}@example.test", password = "password1" }));
                answers.Add(await client.PostAsJsonAsync("/api/auth/login", new { login = acknowledged[0], password = "correct-horse-1" }));
            }

            foreach (var answer in answers)
            {
                await answer.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
                int.Parse(answer.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).Should().BePositive();
            }
        }
        finally
        {
            answers.ForEach(a => a.Dispose());
        }

        await _database.StartAsync();

        // Serves again without a restart.
        string? late = null;
        await Deadline.WaitUntilAsync(
            async () =>
            {
                var name = ApiClientExtensions.UniqueName("up");
                using var response = await client.PostAsJsonAsync("/api/auth/register", new { username = name, email = $"{name}@example.test", password = "correct-horse-1" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    late = name;
                    return true;
                }

                return false;
            },
            TimeSpan.FromSeconds(60),
            "registration works again after the database restarts");
        acknowledged.Add(late!);

        // Nothing acknowledged was lost.
        foreach (var username in acknowledged)
        {
            await client.LoginAsync(username);
        }
    }

    private sealed class OutageApiFactory(int port) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string>
        {
            ["DB_HOST"] = "127.0.0.1",
            ["DB_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["DB_NAME"] = PrivateMariaDb.Database,
            ["DB_USER"] = PrivateMariaDb.User,
            ["DB_PASSWORD"] = PrivateMariaDb.Password,
        };
    }
}
