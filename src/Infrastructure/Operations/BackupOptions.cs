using EventChat.Infrastructure.Configuration;
using MySqlConnector;

namespace EventChat.Infrastructure.Operations;

/// <summary>
/// Where backups go, when they run, how long they are kept, and the database they dump (the settings' own, unless a
/// test points the dump elsewhere to see it fail).
/// </summary>
public sealed record BackupOptions(
    string Directory,
    string Schedule,
    TimeSpan DatabaseRetention,
    TimeSpan FilesRetention,
    string DbHost,
    int DbPort,
    string DbName,
    string DbUser,
    string DbPassword,
    string Bucket)
{
    /// <summary>The recurring job's id in Hangfire (the dashboard's "Recurring jobs" page).</summary>
    public const string RecurringJobId = "eventchat-backup";

    public bool ScheduleEnabled => !string.Equals(Schedule, "off", StringComparison.OrdinalIgnoreCase);

    public static BackupOptions From(EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new BackupOptions(
            Path.GetFullPath(settings.BackupDir),
            settings.BackupSchedule,
            TimeSpan.FromDays(settings.BackupDbRetentionDays),
            TimeSpan.FromDays(settings.BackupFilesRetentionDays),
            settings.DbHost,
            settings.DbPort,
            settings.DbName,
            settings.DbUser,
            settings.DbPassword,
            settings.MinioBucket);
    }

    /// <summary>A connection to the server without a default database (restore creates the database when it is missing).</summary>
    public string ServerConnectionString => new MySqlConnectionStringBuilder
    {
        Server = DbHost,
        Port = (uint)DbPort,
        UserID = DbUser,
        Password = DbPassword,
        SslMode = MySqlSslMode.None,
        AllowPublicKeyRetrieval = true,
        ConnectionTimeout = 10,
    }.ConnectionString;
}
