using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EventChat.Bench.Harness;

/// <summary>
/// The real Api (the built Release dll) as a child process on a free port, its output going to a file (as a
/// service's output would go to a journal), so the pipe never slows it down or blocks it.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri baseAddress, string logFile)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogFile = logFile;
    }

    public Uri BaseAddress { get; }

    public string LogFile { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="dll"/> with <paramref name="environment"/> on top of this process's environment and waits for <c>/api/health</c>.</summary>
    public static async Task<ApiProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> environment, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The Api is not built at {dll}: run `dotnet build -c Release src/Api` (the make bench targets do).", dll);
        }

        var port = FreePort();
        // Its own working directory: the Api writes logs/app.log under it and finds no .env there (everything comes from the environment).
        var directory = Directory.CreateTempSubdirectory("eventchat-bench-api-").FullName;
        var logFile = Path.Combine(directory, "stdout.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" > \"$1\" 2>&1");
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(logFile);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        // The Api also listens on WS_PORT (the hub's port): the same free port, so .env's WS_PORT never collides with `make run`.
        start.Environment["WS_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Api.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}/"), logFile);
        try
        {
            await api.WaitForHealthAsync(log, cancellationToken);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private async Task WaitForHealthAsync(Action<string> log, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        var lastLine = started;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Api exited with code {_process.ExitCode} before it was healthy; its output: {Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    log(string.Create(CultureInfo.InvariantCulture, $"  Api healthy on {BaseAddress} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (pid {_process.Id}, output in {LogFile})"));
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while it starts.
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"The Api was not healthy within 90 s; its output: {Tail()}");
            }

            if (Stopwatch.GetElapsedTime(lastLine) > TimeSpan.FromSeconds(2))
            {
                log(string.Create(CultureInfo.InvariantCulture, $"  waiting for {BaseAddress}api/health: {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
                lastLine = Stopwatch.GetTimestamp();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private string Tail()
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(20));
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
