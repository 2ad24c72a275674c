using System.Text;
using System.Text.RegularExpressions;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// docs/operations.md's troubleshooting runs MySQL statements through two shell variables, <c>$M</c> (the application
/// user) and <c>$R</c> (root over the socket). Each such command is taken from the document as written and run with
/// bash, with the document's own definitions of M and R pointed at the test database, so the section stays true.
/// </summary>
public sealed partial class OperationsDocTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public Task InitializeAsync() =>
        new SchemaMigrator(new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString), NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync(EventStoreSchema.Migrations, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_MySQL_statement_of_the_troubleshooting_section_runs_against_the_test_database()
    {
        var section = TroubleshootingSection();
        var (m, r) = Definitions(section);
        var commands = Commands(section);
        commands.Should().HaveCountGreaterThanOrEqualTo(8, "the section's statements: projections, locks, processes, parked events, transactions, InnoDB status, connections, table sizes");
        commands.Should().Contain(c => c.StartsWith("$R ", StringComparison.Ordinal)).And.Contain(c => c.StartsWith("$M ", StringComparison.Ordinal));

        foreach (var command in commands)
        {
            var (exitCode, output) = await RunAsync(m, r, ForTestDatabase(command));
            exitCode.Should().Be(0, $"`{command}` runs as documented; it printed:\n{output}");
        }

        // The runner reports a statement that fails: this test can fail.
        var (brokenExit, brokenOutput) = await RunAsync(m, r, "$M -e \"SELECT no_such_column FROM es_events LIMIT 1;\"");
        brokenExit.Should().NotBe(0);
        brokenOutput.Should().Contain("ERROR 1054");
    }

    /// <summary>From "## Troubleshooting" to the next second-level heading (or the end).</summary>
    private static string TroubleshootingSection()
    {
        var document = File.ReadAllText(Path.Combine(OpsTools.RepositoryRoot, "docs", "operations.md"));
        var start = document.IndexOf("\n## Troubleshooting\n", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "docs/operations.md has a troubleshooting section");
        var end = document.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? document[start..] : document[start..end];
    }

    /// <summary>The document's definitions of M and R (for `make run`), pointed at the test database and this checkout's socket.</summary>
    private static (string M, string R) Definitions(string section)
    {
        var m = DefinitionRegex("M").Match(section);
        var r = DefinitionRegex("R").Match(section);
        m.Success.Should().BeTrue("the section defines M");
        r.Success.Should().BeTrue("the section defines R");
        m.Groups["value"].Value.Should().Be("mariadb --no-defaults -h127.0.0.1 -P3316 -uchat_user -pchat_password chat_backend", "the values of .env.example");
        r.Groups["value"].Value.Should().Be("mariadb --no-defaults --socket=.local/mariadb/mariadb.sock -uroot");

        var settings = TestSettings.Current;
        var testM = m.Groups["value"].Value
            .Replace("-h127.0.0.1", $"-h{settings.DbHost}", StringComparison.Ordinal)
            .Replace("-P3316", $"-P{settings.DbPort}", StringComparison.Ordinal)
            .Replace("-uchat_user", $"-u{settings.DbUser}", StringComparison.Ordinal)
            .Replace("-pchat_password", $"-p{settings.DbPassword}", StringComparison.Ordinal)
            .Replace(" chat_backend", " " + settings.DbName, StringComparison.Ordinal);
        var testR = r.Groups["value"].Value.Replace(".local/mariadb/mariadb.sock", RootSocket(), StringComparison.Ordinal);
        return (testM, testR);
    }

    /// <summary>
    /// Each command of the section's shell blocks that starts with <c>$M </c> or <c>$R </c>, with the lines its
    /// double-quoted statement spans, and what follows it on its last line (a pipe).
    /// </summary>
    private static List<string> Commands(string section)
    {
        var commands = new List<string>();
        foreach (Match block in ShellBlockRegex().Matches(section))
        {
            var lines = block.Groups["body"].Value.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("$M ", StringComparison.Ordinal) && !lines[i].StartsWith("$R ", StringComparison.Ordinal))
                {
                    continue;
                }

                var command = new StringBuilder(lines[i]);
                while (command.ToString().Count(c => c == '"') % 2 == 1 && i + 1 < lines.Length)
                {
                    command.Append('\n').Append(lines[++i]);
                }

                command.ToString().Count(c => c == '"').Should().Be(2, $"each statement is one double-quoted -e argument: {command}");
                commands.Add(command.ToString());
            }
        }

        return commands;
    }

    /// <summary>The section names the `make run` database in lock names (eventchat.chat_backend.projection.…).</summary>
    private static string ForTestDatabase(string command) => command.Replace("chat_backend", TestSettings.Current.DbName, StringComparison.Ordinal);

    /// <summary>Where scripts/services.sh puts MariaDB's socket: under .local/, or in /tmp when that path is too long.</summary>
    private static string RootSocket()
    {
        var socket = Path.Combine(OpsTools.RepositoryRoot, ".local", "mariadb", "mariadb.sock");
        if (socket.Length <= 100)
        {
            return socket;
        }

        // The name scripts/services.sh derives with md5sum; a file name, not a security use.
#pragma warning disable CA5351
        var hash = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(OpsTools.RepositoryRoot))).ToLowerInvariant();
#pragma warning restore CA5351
        return $"/tmp/eventchat-mariadb-{hash[..12]}.sock";
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string m, string r, string command) =>
        OpsTools.RunAsync("bash", ["-c", $"set -o pipefail\nM='{m}'\nR='{r}'\n{command}"], OpsTools.RepositoryRoot, Timeout);

    private static Regex DefinitionRegex(string name) => new($"^{name}=\"(?<value>[^\"]+)\"", RegexOptions.Multiline);

    [GeneratedRegex("```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlockRegex();
}
