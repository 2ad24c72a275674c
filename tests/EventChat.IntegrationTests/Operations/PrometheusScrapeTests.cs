using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Operations;

/// <summary>
/// A real Prometheus (Debian's package) started by the test, scraping the running Api every second with the alert
/// rules of docker/prometheus loaded: the target is up, the Api's series arrive with their labels, and every rule
/// evaluates without error against the real series.
/// </summary>
public sealed class PrometheusScrapeTests(MetricsApiFactory factory) : IClassFixture<MetricsApiFactory>
{
    [Fact]
    public async Task Prometheus_scrapes_the_Api_and_evaluates_the_alert_rules()
    {
        using var anonymous = factory.CreateClient();
        var user = await anonymous.RegisterAsync(ApiClientExtensions.UniqueName("prom"));
        var api = factory.BaseAddress;
        var port = OpsTools.FreeLoopbackPort();
        var scratch = Directory.CreateTempSubdirectory("eventchat-prometheus-");
        await File.WriteAllTextAsync(Path.Combine(scratch.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(OpsTools.PrometheusDirectory, "alerts.yml")}
            scrape_configs:
              - job_name: eventchat-api
                static_configs:
                  - targets: ["{api.Host}:{api.Port}"]
            """);
        var start = new ProcessStartInfo(OpsTools.Require("prometheus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(scratch.FullName, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(scratch.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var prometheus = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        prometheus.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await Deadline.WaitUntilAsync(
                async () => await QueryAsync(client, "up{job=\"eventchat-api\"}") == 1,
                TimeSpan.FromSeconds(60),
                $"Prometheus scrapes the Api at {api} (log: {Snapshot(log)})");
            await Deadline.WaitUntilAsync(
                async () => await QueryAsync(client, "sum(http_requests_total{job=\"eventchat-api\",method=\"POST\",route=\"/api/auth/register\",status_code=\"201\"})") >= 1,
                TimeSpan.FromSeconds(30),
                $"the registration of {user.Username} shows as a series with method, route and status_code");
            (await QueryAsync(client, "count(eventchat_projection_lag_seconds{job=\"eventchat-api\"})")).Should().BeGreaterThan(0);

            // Every rule group evaluated at least once, each rule healthy (its query ran on the real series).
            var rules = Array.Empty<JsonElement>();
            await Deadline.WaitUntilAsync(
                async () =>
                {
                    using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/rules", UriKind.Relative)));
                    rules = document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                        .SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => r.Clone()).ToArray();
                    return rules.Length == 9 && rules.All(r => r.GetProperty("health").GetString() == "ok");
                },
                TimeSpan.FromSeconds(30),
                "the 9 alert rules are loaded and evaluate without error");
            rules.Select(r => r.GetProperty("name").GetString()).Should().Contain(["InstanceDown", "HighResponseTime", "HighErrorRate", "ProjectionLagging", "ProjectionParkedEvents"]);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The value of an instant query's single result, or -1 when it has none.</summary>
    private static async Task<double> QueryAsync(HttpClient client, string query)
    {
        try
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative)));
            var result = document.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? -1 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            // Prometheus is still starting.
            return -1;
        }
    }

    private static string Snapshot(System.Text.StringBuilder log)
    {
        lock (log)
        {
            var text = log.ToString();
            return text.Length > 2000 ? text[^2000..] : text;
        }
    }
}
