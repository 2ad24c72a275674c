using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>Reads the JSON log lines a host wrote to <c>logs/app*.log</c> (the current file and any it rolled into).</summary>
public static class LogFiles
{
    public static async Task<string> WaitForLineAsync(string logFile, Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        string? found = null;
        await Deadline.WaitUntilAsync(
            () =>
            {
                found = ReadLines(logFile).LastOrDefault(match);
                return found is not null;
            },
            TimeSpan.FromSeconds(10),
            $"a matching line in {logFile}");
        return found!;
    }

    public static string[] ReadLines(string logFile)
    {
        var directory = Path.GetDirectoryName(logFile)!;
        if (!Directory.Exists(directory))
        {
            return [];
        }

        // The sink shares the file with other writers; app.log rolls into app_001.log, … at the size limit.
        return Directory.GetFiles(directory, "app*.log").SelectMany(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }).ToArray();
    }
}
