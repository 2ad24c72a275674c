namespace EventChat.Infrastructure.Configuration;

/// <summary>
/// Reads a <c>.env</c> file (KEY=VALUE lines, # comments, optional quotes). Real environment variables
/// win over it, so production never depends on the file.
/// </summary>
public static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[key] = value;
        }

        return values;
    }

    /// <summary>Finds <c>.env</c> in <paramref name="startDirectory"/> or the nearest parent that has one.</summary>
    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".env");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Environment variables first, then the nearest <c>.env</c> above the working directory.</summary>
    public static Func<string, string?> EnvironmentThenFile(string? startDirectory = null)
    {
        var path = Find(startDirectory ?? Directory.GetCurrentDirectory());
        var file = path is null ? new Dictionary<string, string>() : Read(path);
        return name => System.Environment.GetEnvironmentVariable(name) ?? file.GetValueOrDefault(name);
    }
}
