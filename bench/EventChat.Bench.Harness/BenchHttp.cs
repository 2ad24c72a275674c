using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace EventChat.Bench.Harness;

/// <summary>What the benchmarks that drive the Api over HTTP share: the client of a level, answers, the Api's settings.</summary>
public static class BenchHttp
{
    /// <summary>One client per level, with as many connections as workers, kept open for the whole level.</summary>
    public static HttpClient Client(WorkerContext worker, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker.Shared(() => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = worker.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        {
            BaseAddress = baseAddress,
        });
    }

    /// <summary>The body of an answer with the expected status; any other status fails the run with the answer's text.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new InvalidOperationException("Empty answer.");
    }

    /// <summary>
    /// The Api as deployed (Production, projections in process) on the bench database, signing with a random key (it
    /// refuses the development one), with sign-up cheap (BCrypt cost 4: users are set up, not measured) and one
    /// machine's load under the per-user write budget.
    /// </summary>
    public static Dictionary<string, string> ApiEnvironment(BenchDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new Dictionary<string, string>
        {
            ["DB_NAME"] = database.Name,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["JWT_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["PROJECTIONS_IN_PROCESS"] = "true",
            ["SECURITY_BCRYPT_ROUNDS"] = "4",
            ["SECURITY_RATE_LIMIT_MAX"] = "1000000",
        };
    }

    /// <summary>
    /// <c>--api-env 'K=V;K=V'</c> on top of <paramref name="environment"/>: an experiment on the Api's settings
    /// (<c>LOG_LEVEL=Warning</c>, <c>DOTNET_gcServer=0</c>) without a rebuild.
    /// </summary>
    public static void AddApiEnvironmentOption(Dictionary<string, string> environment, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var pair in (options.Extra.GetValueOrDefault("--api-env") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            environment[equals > 0 ? pair[..equals] : throw new ArgumentException($"--api-env takes KEY=VALUE pairs, got '{pair}'.")] = pair[(equals + 1)..];
        }
    }
}
