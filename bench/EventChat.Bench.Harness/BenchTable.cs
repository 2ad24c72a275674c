using System.Globalization;
using System.Text;

namespace EventChat.Bench.Harness;

/// <summary>The end-of-run table (Markdown, so it pastes into docs/), then the goals and what each scenario is.</summary>
public static class BenchTable
{
    private static readonly string[] Header = ["scenario", "c", "ops/s", "items/s", "p50 ms", "p95 ms", "p99 ms", "ratio", "vs", "cpu ms/op", "also measured", "errors"];
    private static readonly string[] GoalHeader = ["scenario", "goal", "measured", "met"];

    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<string[]> { Header };
        foreach (var result in results)
        {
            foreach (var level in result.Levels)
            {
                rows.Add(
                [
                    result.Name,
                    Format($"{level.Concurrency}"),
                    Format($"{level.OperationsPerSecond:N0} {result.OperationUnit}"),
                    result.ItemUnit is null ? string.Empty : Format($"{level.ItemsPerSecond:N0} {result.ItemUnit}"),
                    Milliseconds(level.P50Ms),
                    Milliseconds(level.P95Ms),
                    Milliseconds(level.P99Ms),
                    level.Ratio is { } r ? Format($"{r:0.00}x") : string.Empty,
                    level.Ratio is null ? string.Empty : result.Baseline ?? string.Empty,
                    string.Join(", ", level.CpuMsPerOperation.Select(c => Format($"{c.Key} {c.Value:0.000}"))),
                    string.Join(", ", level.Extra.Select(e => Format($"{e.Key} {(e.Value >= 100 ? e.Value.ToString("N0", CultureInfo.InvariantCulture) : e.Value.ToString("0.0", CultureInfo.InvariantCulture))}"))),
                    level.Errors > 0 ? Format($"{level.Errors}") : string.Empty,
                ]);
            }
        }

        var text = new StringBuilder(Markdown(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7, 11]));
        var goals = results.SelectMany(r => r.Goals.Select(g => (r.Name, g))).ToArray();
        if (goals.Length > 0)
        {
            var goalRows = new List<string[]> { GoalHeader };
            goalRows.AddRange(goals.Select(x => new[]
            {
                x.Name,
                x.g.Goal,
                x.g.Measured is not { } m ? "not run" : m < 100 ? Format($"{m:0.00}") : Format($"{m:N0}"),
                x.g.Met switch { true => "yes", false => "NO", null => "?" },
            }));
            text.AppendLine().Append(Markdown(goalRows, rightAligned: [2]));
        }

        var described = results.Where(r => r.Description is not null).ToArray();
        if (described.Length > 0)
        {
            text.AppendLine();
            foreach (var result in described)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {result.Name}: {result.Description}");
            }
        }

        return text.ToString();
    }

    private static string Milliseconds(double ms) => ms >= 100 ? Format($"{ms:0}") : ms >= 10 ? Format($"{ms:0.0}") : Format($"{ms:0.00}");

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Markdown(List<string[]> rows, int[] rightAligned)
    {
        // Columns no row fills (items/s of a run without multi-item operations, CPU when nothing is watched) are left out.
        var kept = Enumerable.Range(0, rows[0].Length).Where(c => rows.Skip(1).Any(r => r[c].Length > 0)).ToArray();
        rightAligned = kept.Select((c, i) => (c, i)).Where(x => rightAligned.Contains(x.c)).Select(x => x.i).ToArray();
        rows = rows.Select(r => kept.Select(c => r[c]).ToArray()).ToList();
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => Math.Max(3, rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            text.Append('|');
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = rightAligned.Contains(c) && i > 0 ? rows[i][c].PadLeft(widths[c]) : rows[i][c].PadRight(widths[c]);
                text.Append(' ').Append(cell).Append(" |");
            }

            text.AppendLine();
            if (i == 0)
            {
                text.Append('|');
                for (var c = 0; c < widths.Length; c++)
                {
                    text.Append(rightAligned.Contains(c) ? " " + new string('-', widths[c] - 1) + ": |" : " :" + new string('-', widths[c] - 1) + " |");
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
