using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EventChat.Infrastructure.Configuration;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>
/// The built Api (<c>EventChat.Api.dll</c> beside the tests) as a process of its own on two free ports (PORT and
/// WS_PORT), on the test database and Redis database: what a second instance behind a load balancer is.
/// </summary>
public sealed class ApiChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiChildProcess(Process process, int port, int wsPort)
    {
        _process = process;
        HttpAddress = new Uri($"http://127.0.0.1:{port}/");
        WsAddress = new Uri($"http://127.0.0.1:{wsPort}/");
    }

    /// <summary>PORT: the REST API (and the hub).</summary>
    public Uri HttpAddress { get; }

    /// <summary>WS_PORT: the hub's own port.</summary>
    public Uri WsAddress { get; }

    public static async Task<ApiChildProcess> StartAsync()
    {
        var (port, wsPort) = (FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "EventChat.Api.dll"))
        {
            // A directory of its own: the Api writes logs/ under it, and finds no .env there (everything comes from below).
            WorkingDirectory = Directory.CreateTempSubdirectory("eventchat-realtime-api-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var dotEnv = DotEnvFile.Find(AppContext.BaseDirectory) is { } path ? DotEnvFile.Read(path) : new Dictionary<string, string>();
        foreach (var (name, value) in dotEnv)
        {
            start.Environment.TryAdd(name, value);
        }

        foreach (var (name, value) in TestSettings.AsEnvironment(TestSettings.Current))
        {
            start.Environment[name] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["SECURITY_BCRYPT_ROUNDS"] = "4";
        start.Environment["SECURITY_RATE_LIMIT_MAX"] = "1000000";
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["WS_PORT"] = wsPort.ToString(CultureInfo.InvariantCulture);
        var api = new ApiChildProcess(Process.Start(start)!, port, wsPort);
        api._process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilHealthyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = HttpAddress };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Deadline.WaitUntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The Api exited with {_process.ExitCode}: {string.Join(Environment.NewLine, _output.TakeLast(20))}");
                }

                try
                {
                    // Both ports answer: WS_PORT serves the same application.
                    using var http = await client.GetAsync(new Uri(HttpAddress, "api/health"));
                    using var ws = await client.GetAsync(new Uri(WsAddress, "api/health"));
                    return http.StatusCode == HttpStatusCode.OK && ws.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(90),
            "the Api process answers /api/health on PORT and WS_PORT");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
