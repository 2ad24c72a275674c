using System.Text.Json;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// docker/prometheus through promtool: the configuration (prometheus.yml, with its rule file) and the rules are valid,
/// each alert fires on synthetic series past its threshold and stays quiet below it (alerts.test.yml), and every query
/// of the Grafana dashboard parses.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Promtool_checks_the_alert_rules()
    {
        var (exitCode, output) = await OpsTools.RunAsync("promtool", ["check", "rules", "alerts.yml"], OpsTools.PrometheusDirectory, Timeout);
        exitCode.Should().Be(0, output);
        output.Should().Contain("SUCCESS: 9 rules found");
    }

    [Fact]
    public async Task Promtool_checks_the_Prometheus_configuration_its_rule_files_and_scrape_jobs()
    {
        var (exitCode, output) = await OpsTools.RunAsync("promtool", ["check", "config", "prometheus.yml"], OpsTools.PrometheusDirectory, Timeout);
        exitCode.Should().Be(0, output);
        output.Should().Contain("SUCCESS: prometheus.yml is valid prometheus config file syntax")
            .And.Contain("SUCCESS: 1 rule files found").And.Contain("SUCCESS: 9 rules found", "the rule file is found relative to the configuration");

        // Every process that serves /metrics is scraped: the Api replicas and the projections workers (backups run there).
        var config = await File.ReadAllTextAsync(Path.Combine(OpsTools.PrometheusDirectory, "prometheus.yml"));
        config.Should().Contain("job_name: eventchat-api").And.Contain("job_name: eventchat-projections")
            .And.Contain($"port: {EventChat.Infrastructure.Configuration.EventChatSettings.DefaultMetricsPort}");
    }

    [Fact]
    public async Task Promtool_unit_tests_fire_each_alert_past_its_threshold_and_not_below()
    {
        var (exitCode, output) = await OpsTools.RunAsync("promtool", ["test", "rules", "alerts.test.yml"], OpsTools.PrometheusDirectory, Timeout);
        exitCode.Should().Be(0, output);
        output.Should().Contain("SUCCESS");
    }

    [Fact]
    public async Task Promtool_unit_tests_fail_when_a_threshold_moves()
    {
        // The unit tests must be able to fail: the same tests against rules whose CPU threshold is 95 %.
        var scratch = Directory.CreateTempSubdirectory("eventchat-alerts-");
        try
        {
            var rules = await File.ReadAllTextAsync(Path.Combine(OpsTools.PrometheusDirectory, "alerts.yml"));
            rules.Should().Contain("[5m]))) > 80\n");
            await File.WriteAllTextAsync(Path.Combine(scratch.FullName, "alerts.yml"), rules.Replace("[5m]))) > 80\n", "[5m]))) > 95\n", StringComparison.Ordinal));
            File.Copy(Path.Combine(OpsTools.PrometheusDirectory, "alerts.test.yml"), Path.Combine(scratch.FullName, "alerts.test.yml"));
            var (exitCode, output) = await OpsTools.RunAsync("promtool", ["test", "rules", "alerts.test.yml"], scratch.FullName, Timeout);
            exitCode.Should().NotBe(0);
            output.Should().Contain("alertname: HostHighCpu");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_query_of_the_Grafana_dashboard_parses()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(OpsTools.RepositoryRoot, "docker", "grafana", "dashboards", "eventchat.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToArray();
        expressions.Should().HaveCountGreaterThan(10);

        // promtool parses PromQL only inside rule files: each query becomes a recording rule.
        var scratch = Directory.CreateTempSubdirectory("eventchat-dashboard-");
        try
        {
            var rules = "groups:\n  - name: dashboard\n    rules:\n" + string.Concat(expressions.Select((e, i) =>
                $"      - record: dashboard_query_{i}\n        expr: {JsonSerializer.Serialize(e)}\n"));
            await File.WriteAllTextAsync(Path.Combine(scratch.FullName, "dashboard.yml"), rules);
            var (exitCode, output) = await OpsTools.RunAsync("promtool", ["check", "rules", "dashboard.yml"], scratch.FullName, Timeout);
            exitCode.Should().Be(0, output);
            output.Should().Contain($"SUCCESS: {expressions.Length} rules found");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
