using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventChat.IntegrationTests.Support;

/// <summary>
/// A redis-server of this test's own, on a free port, that the test may stop and start again without
/// disturbing the Redis every other test uses.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private Process? _process;

    public PrivateRedis()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        await Deadline.WaitUntilAsync(IsAcceptingAsync, TimeSpan.FromSeconds(10), $"redis-server answers on port {Port}");
    }

    /// <summary>SIGSTOP: the port stays open and connections stay up, but nothing answers, as on a hung server.</summary>
    public async Task FreezeAsync()
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running");
        using var kill = Process.Start("kill", $"-STOP {process.Id}");
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> IsAcceptingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
