using System.Diagnostics;

namespace EventChat.IntegrationTests.Configuration;

/// <summary>The real processes refuse to start on a bad setting, with one line naming it.</summary>
public sealed class StartupFailureTests
{
    [Theory]
    [InlineData("EventChat.Api.dll", "DB_PORT", "not-a-port")]
    [InlineData("EventChat.Api.dll", "JWT_SECRET", "short")]
    [InlineData("EventChat.Projections.dll", "REDIS_PORT", "99999")]
    public async Task Process_with_an_invalid_setting_exits_with_one_line_naming_it(string program, string setting, string value)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, program))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment[setting] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(1);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().StartWith($"Invalid configuration: {setting} ");
        (await stdout).Should().BeEmpty();
    }
}
