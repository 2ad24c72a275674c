using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventChat.IntegrationTests.Operations;

/// <summary>The repository's files and the command-line tools the operations tests run (promtool, prometheus).</summary>
public static class OpsTools
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PrometheusDirectory => Path.Combine(RepositoryRoot, "docker", "prometheus");

    /// <summary>
    /// A tool of Debian's <c>prometheus</c> package, which scripts/services.sh installs (with MariaDB and Redis) before
    /// `make test`: a missing one fails the test with the fix, rather than skipping what the issue asks to prove.
    /// </summary>
    public static string Require(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(directory, tool);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{tool} not found: `make services` installs it (apt-get install prometheus).");
    }

    /// <summary>
    /// Runs a tool to its end (at most <paramref name="timeout"/>), with <paramref name="environment"/> added to this process's,
    /// and returns its exit code and output (standard output, then standard error).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string tool, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Require(tool))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EventChat.sln not found above the test binaries.");
    }
}
