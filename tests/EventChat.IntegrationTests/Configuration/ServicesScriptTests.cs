using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventChat.IntegrationTests.Configuration;

/// <summary>
/// scripts/services.sh never adopts a server it did not start (nothing provisioned it): a port taken by another
/// process is reported, not "healthy", and start refuses it with one line naming the setting to change. The
/// foreign server is a bare TCP listener of this test on a free port; the services `make test` started are
/// only read (status), never stopped.
/// </summary>
public sealed class ServicesScriptTests
{
    [Theory]
    [InlineData("DB_PORT", "mariadb")]
    [InlineData("REDIS_PORT", "redis")]
    [InlineData("MINIO_PORT", "s3rver")]
    public async Task Status_reports_a_port_taken_by_a_foreign_process_and_is_not_healthy(string setting, string service)
    {
        using var foreign = Listen(out var port);

        var (exitCode, output, _) = await RunAsync("status", (setting, port));

        exitCode.Should().Be(3, output);
        output.Split('\n').Should().ContainSingle(line => line.StartsWith($"{service}: ", StringComparison.Ordinal))
            .Which.Should().Be($"{service}: port 127.0.0.1:{port} is taken by a process this checkout did not start " +
                $"(not the one in .local/{service}/{service}.pid); set {setting} to a free port");
    }

    [Fact]
    public async Task Start_refuses_a_port_taken_by_a_foreign_process_with_one_line_naming_the_setting()
    {
        using var foreign = Listen(out var port);

        var (exitCode, _, error) = await RunAsync("start", ("DB_PORT", port));

        exitCode.Should().Be(1);
        error.Trim().Should().Be(
            $"services: error: mariadb: port 127.0.0.1:{port} is taken by a process this checkout did not start " +
            "(not the one in .local/mariadb/mariadb.pid); set DB_PORT to a free port");
    }

    [Fact]
    public async Task Status_of_the_services_this_checkout_started_is_healthy()
    {
        // Run by `make test` after `make services`: its pid files (also through .local/ symlinks to another
        // checkout's) name the servers on the configured ports.
        var (exitCode, output, error) = await RunAsync("status");

        exitCode.Should().Be(0, output + error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3).And.AllSatisfy(line => line.Should().Contain(": running (pid "));
    }

    private static TcpListener Listen(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string command, params (string Name, int Port)[] ports)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "services.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, port) in ports)
        {
            start.Environment[name] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "services.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"scripts/services.sh not found above {AppContext.BaseDirectory}");
    }
}
