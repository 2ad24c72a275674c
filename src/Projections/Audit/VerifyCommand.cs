using System.Text.Json;
using EventChat.Infrastructure.Configuration;
using EventChat.Projections.Engine;
using EventChat.Projections.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Audit;

/// <summary>
/// <c>dotnet run --project src/Projections -- verify</c> (or <c>dotnet EventChat.Projections.dll verify [--json]</c>): the
/// audit's verify without the Api (<see cref="ReadModelVerifier"/>). Prints its progress and each difference, then a
/// summary line (with <c>--json</c>, the report as JSON instead of the differences). Exit code 0 when the read models match
/// the replay, 1 when they differ, 2 when the verify could not run. The live projections may keep running meanwhile.
/// </summary>
public static class VerifyCommand
{
    public const string Verb = "verify";
    public const string JsonOption = "--json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not ([Verb] or [Verb, JsonOption]))
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} [{JsonOption}]");
            return 2;
        }

        var json = args.Length == 2;
        using var host = RestoreCommand.BuildHost(settings);
        var verifier = host.Services.GetRequiredService<ReadModelVerifier>();
        var lastPercent = -1;
        var progress = new SynchronousProgress<VerifyProgress>(p =>
        {
            var percent = (int)(p.Fraction * 100);
            if (percent != lastPercent)
            {
                lastPercent = percent;
                Console.Error.WriteLine($"verify: {p}");
            }
        });

        VerifyReport report;
        try
        {
            report = await verifier.VerifyAsync(progress, CancellationToken.None);
        }
        catch (Exception ex) when (ex is MySqlConnector.MySqlException or TimeoutException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("verify: " + ex.Message);
            return 2;
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            foreach (var difference in report.Differences)
            {
                Console.WriteLine(Describe(difference));
            }
        }

        var positions = string.Join(", ", report.Projections.Select(p => $"{p.Projection}@{p.Position}"));
        await Console.Error.WriteLineAsync(
            $"verify: {report.DifferenceCount} differences in {report.Projections.Count} projections ({positions}) in {report.Seconds:0.0} s; " +
            $"not verified: {string.Join(", ", report.NotVerified)}");
        return report.DifferenceCount == 0 ? 0 : 1;
    }

    /// <summary>One line per row: <c>table key kind: column live→replayed, …</c>.</summary>
    public static string Describe(VerifyDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        var key = string.Join(",", difference.Key.Select(k => $"{k.Key}={k.Value}"));
        var columns = difference.Kind == VerifyDifference.Different
            ? string.Join("; ", difference.Columns.Select(c => $"{c.Column}: live {Quote(c.Live)}, replayed {Quote(c.Replayed)}"))
            : string.Join("; ", difference.Columns.Select(c => $"{c.Column}={Quote(c.Live ?? c.Replayed)}"));
        return $"{difference.Table} [{key}] {difference.Kind}: {columns}";
    }

    private static string Quote(string? value) => value is null ? "NULL" : JsonSerializer.Serialize(value);
}
