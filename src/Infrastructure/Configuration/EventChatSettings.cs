using System.Globalization;
using System.Text;

namespace EventChat.Infrastructure.Configuration;

/// <summary>
/// Every setting of the ops manual, read from environment variables (and <c>.env</c> for local runs),
/// validated once at start. A missing or invalid value throws <see cref="SettingsException"/> naming it.
/// </summary>
public sealed record EventChatSettings
{
    public const string DevelopmentJwtSecret = "dev-only-secret-change-me-0123456789abcdef";

    public required string Environment { get; init; }
    public required int Port { get; init; }
    public required string ApiPrefix { get; init; }
    public required string DbHost { get; init; }
    public required int DbPort { get; init; }
    public required string DbName { get; init; }
    public required string DbUser { get; init; }
    public required string DbPassword { get; init; }
    public required string RedisHost { get; init; }
    public required int RedisPort { get; init; }
    public required string RedisPassword { get; init; }

    /// <summary>
    /// REDIS_DB: the Redis database (0-15) of this deployment's keys, including Hangfire's. Pub/sub is not
    /// scoped by database in Redis, so channels carry <see cref="DbName"/> instead.
    /// </summary>
    public int RedisDb { get; init; }
    public required string MinioEndpoint { get; init; }
    public required int MinioPort { get; init; }
    public required string MinioAccessKey { get; init; }
    public required string MinioSecretKey { get; init; }
    public required bool MinioUseSsl { get; init; }
    public required string MinioBucket { get; init; }

    /// <summary>
    /// MINIO_PUBLIC_ENDPOINT: the base URL (scheme, host, optional port; no path) that clients reach the object store
    /// at, e.g. <c>https://chat.example.com</c> when nginx proxies <c>/{bucket}/</c> to MinIO. Only the URLs handed to
    /// clients (downloads) are presigned for it; the server's own PUTs, deletes and reads stay on MINIO_ENDPOINT.
    /// Null (unset or empty, the default): client URLs are presigned for MINIO_ENDPOINT too.
    /// </summary>
    public Uri? MinioPublicEndpoint { get; init; }
    public required string JwtSecret { get; init; }
    public required int JwtAccessExpirationSeconds { get; init; }
    public required int JwtRefreshExpirationSeconds { get; init; }
    public required int WsPort { get; init; }
    public required IReadOnlyList<string> WsCorsOrigins { get; init; }
    public required long UploadMaxSize { get; init; }
    public required IReadOnlyList<string> UploadAllowedTypes { get; init; }
    public required int SecurityBcryptRounds { get; init; }
    public required int SecurityRateLimitTtlMs { get; init; }
    public required int SecurityRateLimitMax { get; init; }
    public required string LogLevel { get; init; }
    public required IReadOnlyList<string> AdminUsernames { get; init; }

    /// <summary>
    /// TRUSTED_PROXIES: the proxies (IPs or CIDR ranges) whose <c>X-Forwarded-For</c> names the client. Empty (the
    /// default) trusts none: the client is the direct peer, and a forged header changes nothing.
    /// </summary>
    public required IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; }

    /// <summary>
    /// LOG_INSTANCE: names this process's log file <c>logs/app-{LOG_INSTANCE}.log</c> (<c>{hostname}</c> is replaced by the
    /// machine's name); empty: <c>logs/app.log</c>.
    /// </summary>
    public string LogInstance { get; init; } = string.Empty;

    /// <summary>BACKUP_DIR: where backups are written and listed (relative paths from the current directory). Default <c>backups</c>.</summary>
    public string BackupDir { get; init; } = "backups";

    /// <summary>BACKUP_SCHEDULE: the recurring backup's cron expression in UTC (default daily at 02:00), or <c>off</c>.</summary>
    public string BackupSchedule { get; init; } = DefaultBackupSchedule;

    /// <summary>BACKUP_DB_RETENTION_DAYS: days a database dump is kept (the ops manual's 30).</summary>
    public int BackupDbRetentionDays { get; init; } = 30;

    /// <summary>BACKUP_FILES_RETENTION_DAYS: days an archive of the object store's files is kept (the ops manual's 7).</summary>
    public int BackupFilesRetentionDays { get; init; } = 7;

    public const string DefaultBackupSchedule = "0 2 * * *";

    /// <summary>
    /// METRICS_PORT: the port of the projections worker's <c>/metrics</c> (Prometheus text; the worker serves no other
    /// HTTP), default 9464; null with <c>off</c>. The Api serves <c>/metrics</c> on PORT and ignores it.
    /// </summary>
    public int? MetricsPort { get; init; } = DefaultMetricsPort;

    public const int DefaultMetricsPort = 9464;

    /// <summary>Requests per window and client IP on the anonymous auth routes (register, login, refresh): a tenth of SECURITY_RATE_LIMIT_MAX, at least 1.</summary>
    public int AuthRateLimitPermits => Math.Max(1, SecurityRateLimitMax / 10);

    /// <summary>Authenticated writes (POST, PUT, PATCH, DELETE) per window and user: SECURITY_RATE_LIMIT_MAX.</summary>
    public int WriteRateLimitPermits => SecurityRateLimitMax;

    public TimeSpan RateLimitWindow => TimeSpan.FromMilliseconds(SecurityRateLimitTtlMs);

    public bool IsProduction => string.Equals(Environment, "Production", StringComparison.OrdinalIgnoreCase);

    /// <summary>Only an explicit <c>Development</c> environment; anything else (Staging, a typo, unset) is treated as exposed.</summary>
    public bool IsDevelopment => string.Equals(Environment, "Development", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Pooled connections are not reset when reused (<c>ConnectionReset=false</c>): a reset is two more round trips
    /// per open (COM_RESET_CONNECTION, then SET NAMES), which under load was half of MariaDB's commands. So code on a
    /// pooled connection leaves no session state behind: transactions name their isolation level (MySqlConnector sets
    /// it on every BeginTransaction), a named lock taken on one is released in a finally, and what needs session
    /// settings (the group-commit writer, the projection leases) uses a connection of its own, outside the pool.
    /// </summary>
    public string MySqlConnectionString =>
        $"Server={DbHost};Port={DbPort};Database={DbName};User ID={DbUser};Password={DbPassword};" +
        "SslMode=None;AllowPublicKeyRetrieval=true;Pooling=true;ConnectionReset=false;MaximumPoolSize=200;ConnectionTimeout=10;" +
        "DefaultCommandTimeout=60;AllowUserVariables=true;UseAffectedRows=false";

    public string RedisConfiguration =>
        $"{RedisHost}:{RedisPort},abortConnect=false,connectTimeout=3000,syncTimeout=5000,defaultDatabase={RedisDb.ToString(CultureInfo.InvariantCulture)}" +
        (RedisPassword.Length > 0 ? $",password={RedisPassword}" : string.Empty);

    /// <summary>Reads the settings from <paramref name="source"/> (a lookup of environment-style names).</summary>
    public static EventChatSettings Load(Func<string, string?> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new Reader(source);
        var environment = reader.String("ASPNETCORE_ENVIRONMENT", "Production");
        var settings = new EventChatSettings
        {
            Environment = environment,
            Port = reader.Port("PORT", 3000),
            ApiPrefix = reader.String("API_PREFIX", "api").Trim('/'),
            DbHost = reader.String("DB_HOST", "localhost"),
            DbPort = reader.Port("DB_PORT", 3306),
            DbName = reader.Identifier("DB_NAME", "chat_backend"),
            DbUser = reader.String("DB_USER", "chat_user"),
            DbPassword = reader.Required("DB_PASSWORD"),
            RedisHost = reader.String("REDIS_HOST", "localhost"),
            RedisPort = reader.Port("REDIS_PORT", 6379),
            RedisPassword = reader.String("REDIS_PASSWORD", string.Empty, allowEmpty: true),
            RedisDb = reader.Int("REDIS_DB", 0, 0, 15),
            MinioEndpoint = reader.String("MINIO_ENDPOINT", "localhost"),
            MinioPort = reader.Port("MINIO_PORT", 9000),
            MinioAccessKey = reader.Required("MINIO_ACCESS_KEY"),
            MinioSecretKey = reader.Required("MINIO_SECRET_KEY"),
            MinioUseSsl = reader.Bool("MINIO_USE_SSL", false),
            MinioBucket = reader.String("MINIO_BUCKET", "chat-files"),
            MinioPublicEndpoint = reader.BaseUrl("MINIO_PUBLIC_ENDPOINT"),
            JwtSecret = reader.String("JWT_SECRET", DevelopmentJwtSecret),
            JwtAccessExpirationSeconds = reader.Int("JWT_ACCESS_EXPIRATION", 900, 10, 86_400),
            JwtRefreshExpirationSeconds = reader.Int("JWT_REFRESH_EXPIRATION", 604_800, 60, 31_536_000),
            WsPort = reader.Port("WS_PORT", 3001),
            WsCorsOrigins = reader.List("WS_CORS_ORIGIN", "http://localhost:3000"),
            UploadMaxSize = reader.Int("UPLOAD_MAX_SIZE", 10_485_760, 1, int.MaxValue),
            UploadAllowedTypes = reader.List("UPLOAD_ALLOWED_TYPES", "image/jpeg,image/png,image/gif,video/mp4,video/webm"),
            SecurityBcryptRounds = reader.Int("SECURITY_BCRYPT_ROUNDS", 10, 4, 16),
            SecurityRateLimitTtlMs = reader.Int("SECURITY_RATE_LIMIT_TTL", 60_000, 1, 86_400_000),
            SecurityRateLimitMax = reader.Int("SECURITY_RATE_LIMIT_MAX", 100, 1, 1_000_000),
            LogLevel = reader.OneOf("LOG_LEVEL", "Information", ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"]),
            AdminUsernames = reader.List("ADMIN_USERNAMES", string.Empty),
            TrustedProxies = reader.Networks("TRUSTED_PROXIES"),
            LogInstance = reader.LogInstance("LOG_INSTANCE"),
            BackupDir = reader.String("BACKUP_DIR", "backups"),
            BackupSchedule = reader.Cron("BACKUP_SCHEDULE", DefaultBackupSchedule),
            BackupDbRetentionDays = reader.Int("BACKUP_DB_RETENTION_DAYS", 30, 1, 3650),
            BackupFilesRetentionDays = reader.Int("BACKUP_FILES_RETENTION_DAYS", 7, 1, 3650),
            MetricsPort = reader.PortOrOff("METRICS_PORT", DefaultMetricsPort),
        };

        if (settings.BackupFilesRetentionDays > settings.BackupDbRetentionDays)
        {
            throw new SettingsException("BACKUP_FILES_RETENTION_DAYS", "must not exceed BACKUP_DB_RETENTION_DAYS (a backup's files are kept no longer than its database dump).");
        }

        var secretBytes = Encoding.UTF8.GetByteCount(settings.JwtSecret);
        if (secretBytes < 32)
        {
            throw new SettingsException("JWT_SECRET", $"must be at least 32 bytes (got {secretBytes}).");
        }

        // The development default is published in the repository: anyone could sign tokens with it. It is
        // accepted only when the environment says Development explicitly, never by omission (Staging, a typo).
        if (!settings.IsDevelopment && settings.JwtSecret == DevelopmentJwtSecret)
        {
            throw new SettingsException(
                "JWT_SECRET", $"is the development default, which is refused unless ASPNETCORE_ENVIRONMENT is Development (it is '{settings.Environment}').");
        }

        return settings;
    }

    private sealed class Reader(Func<string, string?> source)
    {
        public string Required(string name)
        {
            var value = source(name);
            return value is null ? throw new SettingsException(name, "is required but not set.") : value;
        }

        public string String(string name, string fallback, bool allowEmpty = false)
        {
            var value = source(name);
            if (value is null)
            {
                return fallback;
            }

            return value.Length == 0 && !allowEmpty ? throw new SettingsException(name, "must not be empty.") : value;
        }

        public string Identifier(string name, string fallback)
        {
            var value = String(name, fallback);
            return value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? value
                : throw new SettingsException(name, $"must contain only letters, digits and '_' (got '{value}').");
        }

        public int Int(string name, int fallback, int min, int max)
        {
            var raw = source(name);
            if (string.IsNullOrWhiteSpace(raw))
            {
                return fallback;
            }

            if (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new SettingsException(name, $"must be an integer from {min} to {max} (got '{raw}').");
            }

            return value;
        }

        public int Port(string name, int fallback) => Int(name, fallback, 1, 65_535);

        public int? PortOrOff(string name, int fallback) =>
            string.Equals(source(name)?.Trim(), "off", StringComparison.OrdinalIgnoreCase) ? null : Port(name, fallback);

        /// <summary>An absolute http(s) URL of a host (and port), without path, query or credentials; unset or empty is null.</summary>
        public Uri? BaseUrl(string name)
        {
            var raw = source(name)?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                return null;
            }

            return Uri.TryCreate(raw, UriKind.Absolute, out var url)
                && url.Scheme is "http" or "https"
                && url.UserInfo.Length == 0
                && url.AbsolutePath == "/"
                && url.Query.Length == 0
                && url.Fragment.Length == 0
                ? url
                : throw new SettingsException(name, $"must be a base URL such as https://chat.example.com (http or https, a host and an optional port, no path) (got '{raw}').");
        }

        public bool Bool(string name, bool fallback)
        {
            var raw = source(name);
            if (string.IsNullOrWhiteSpace(raw))
            {
                return fallback;
            }

            return raw.Trim().ToUpperInvariant() switch
            {
                "TRUE" or "1" or "YES" => true,
                "FALSE" or "0" or "NO" => false,
                _ => throw new SettingsException(name, $"must be true or false (got '{raw}')."),
            };
        }

        public string OneOf(string name, string fallback, string[] allowed)
        {
            var raw = source(name);
            if (string.IsNullOrWhiteSpace(raw))
            {
                return fallback;
            }

            var match = allowed.FirstOrDefault(a => string.Equals(a, raw.Trim(), StringComparison.OrdinalIgnoreCase));
            return match ?? throw new SettingsException(name, $"must be one of {string.Join(", ", allowed)} (got '{raw}').");
        }

        public string LogInstance(string name)
        {
            var value = String(name, string.Empty, allowEmpty: true);
            return value.Replace("{hostname}", string.Empty, StringComparison.Ordinal).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                ? value
                : throw new SettingsException(name, $"may hold only letters, digits, '-', '_', '.' and {{hostname}} (got '{value}').");
        }

        /// <summary>A five-field cron expression (minute hour day month weekday) or <c>off</c>; Hangfire parses it fully when the job is registered.</summary>
        public string Cron(string name, string fallback)
        {
            var value = String(name, fallback).Trim();
            if (string.Equals(value, "off", StringComparison.OrdinalIgnoreCase))
            {
                return "off";
            }

            var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 5 && fields.All(f => f.All(c => char.IsAsciiLetterOrDigit(c) || "*/,-?LW#".Contains(c, StringComparison.Ordinal)))
                ? string.Join(' ', fields)
                : throw new SettingsException(name, $"must be a cron expression of five fields (minute hour day month weekday, UTC) or off (got '{value}').");
        }

        public System.Net.IPNetwork[] Networks(string name) =>
            List(name, string.Empty).Select(entry =>
                System.Net.IPNetwork.TryParse(entry, out var network) ? network
                : System.Net.IPAddress.TryParse(entry, out var address) ? new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8)
                : throw new SettingsException(name, $"must be comma-separated IP addresses or CIDR ranges (got '{entry}').")).ToArray();

        public string[] List(string name, string fallback) =>
            (source(name) ?? fallback)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
