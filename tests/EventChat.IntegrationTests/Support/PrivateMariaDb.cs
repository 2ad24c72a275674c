using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventChat.IntegrationTests.Support;

/// <summary>
/// A MariaDB server of this test's own (its own data folder and free port), which the test may kill with
/// SIGKILL and start again, without touching the shared server every other test uses.
/// </summary>
public sealed class PrivateMariaDb : IAsyncDisposable
{
    public const string Database = "chat_private";
    public const string User = "chat_private";
    public const string Password = "private_pw";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"eventchat-mariadb-{Guid.NewGuid():N}");
    private Process? _process;

    public PrivateMariaDb()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_dir, "data");

    private string Socket => Path.Combine(_dir, "mysqld.sock");

    /// <summary>Creates the data folder, starts the server, creates the database and its user.</summary>
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        await RunAsync("mariadb-install-db", $"--no-defaults --user=root --datadir={DataDir} --auth-root-authentication-method=normal --skip-test-db");
        await StartAsync();
        await RunAsync("mariadb", $"--no-defaults --socket={Socket} -uroot -e \"CREATE DATABASE {Database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; " +
            $"CREATE USER '{User}'@'127.0.0.1' IDENTIFIED BY '{Password}'; CREATE USER '{User}'@'localhost' IDENTIFIED BY '{Password}'; " +
            $"GRANT ALL ON {Database}.* TO '{User}'@'127.0.0.1'; GRANT ALL ON {Database}.* TO '{User}'@'localhost';\"");
    }

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(
            "mariadbd",
            $"--no-defaults --user=root --datadir={DataDir} --port={Port} --bind-address=127.0.0.1 --socket={Socket} " +
            $"--pid-file={Path.Combine(_dir, "mysqld.pid")} --log-error={Path.Combine(_dir, "error.log")} " +
            "--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --skip-name-resolve")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("mariadbd did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Deadline.WaitUntilAsync(IsAcceptingAsync, TimeSpan.FromSeconds(60), $"the private mariadbd answers on port {Port}");
    }

    /// <summary>SIGKILL: no shutdown, no flush beyond what InnoDB already made durable.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static async Task RunAsync(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{program} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await stderr}");
        }
    }

    private async Task<bool> IsAcceptingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return File.Exists(Socket);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
