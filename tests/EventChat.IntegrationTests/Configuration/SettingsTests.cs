using EventChat.Infrastructure.Configuration;

namespace EventChat.IntegrationTests.Configuration;

/// <summary>Settings validation; pure, no I/O.</summary>
public sealed class SettingsTests
{
    private static readonly Dictionary<string, string> Minimal = new()
    {
        ["DB_PASSWORD"] = "pw",
        ["MINIO_ACCESS_KEY"] = "key",
        ["MINIO_SECRET_KEY"] = "secret",
    };

    private static EventChatSettings Load(params (string Name, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>(Minimal);
        foreach (var (name, value) in overrides)
        {
            values[name] = value;
        }

        return EventChatSettings.Load(values.GetValueOrDefault);
    }

    [Fact]
    public void Defaults_are_the_ones_of_the_ops_manual()
    {
        var settings = Load(("ASPNETCORE_ENVIRONMENT", "Development"));

        settings.Port.Should().Be(3000);
        settings.ApiPrefix.Should().Be("api");
        settings.DbPort.Should().Be(3306);
        settings.DbName.Should().Be("chat_backend");
        settings.DbUser.Should().Be("chat_user");
        settings.RedisPort.Should().Be(6379);
        settings.MinioPort.Should().Be(9000);
        settings.MinioUseSsl.Should().BeFalse();
        settings.MinioBucket.Should().Be("chat-files");
        settings.JwtAccessExpirationSeconds.Should().Be(900);
        settings.JwtRefreshExpirationSeconds.Should().Be(604_800);
        settings.WsPort.Should().Be(3001);
        settings.UploadMaxSize.Should().Be(10_485_760);
        settings.UploadAllowedTypes.Should().Equal("image/jpeg", "image/png", "image/gif", "video/mp4", "video/webm");
        settings.SecurityBcryptRounds.Should().Be(10);
        settings.BackupSchedule.Should().Be("0 2 * * *", "daily at 02:00 (UTC)");
        settings.BackupDbRetentionDays.Should().Be(30);
        settings.BackupFilesRetentionDays.Should().Be(7);
        settings.LogInstance.Should().BeEmpty();
        settings.MinioPublicEndpoint.Should().BeNull("client URLs are presigned for MINIO_ENDPOINT unless a public endpoint is set");
        settings.MetricsPort.Should().Be(9464, "the projections worker's /metrics");
    }

    [Theory]
    [InlineData("https://chat.example.com", "https", "chat.example.com", 443)]
    [InlineData("https://chat.example.com/", "https", "chat.example.com", 443)]
    [InlineData("http://localhost:8080", "http", "localhost", 8080)]
    public void A_public_object_store_endpoint_is_a_base_url(string value, string scheme, string host, int port)
    {
        var endpoint = Load(("ASPNETCORE_ENVIRONMENT", "Development"), ("MINIO_PUBLIC_ENDPOINT", value)).MinioPublicEndpoint;

        endpoint.Should().NotBeNull();
        (endpoint!.Scheme, endpoint.Host, endpoint.Port).Should().Be((scheme, host, port));
    }

    [Fact]
    public void An_empty_public_object_store_endpoint_is_none_and_the_worker_metrics_port_can_be_set_or_turned_off()
    {
        var development = ("ASPNETCORE_ENVIRONMENT", "Development");
        Load(development, ("MINIO_PUBLIC_ENDPOINT", "")).MinioPublicEndpoint.Should().BeNull("compose passes an unset value as empty");
        Load(development, ("METRICS_PORT", "9500")).MetricsPort.Should().Be(9500);
        Load(development, ("METRICS_PORT", "off")).MetricsPort.Should().BeNull();
    }

    [Fact]
    public void Backups_can_be_scheduled_otherwise_or_turned_off_and_logs_named_per_instance()
    {
        var development = ("ASPNETCORE_ENVIRONMENT", "Development");
        Load(development, ("BACKUP_SCHEDULE", "30  3 * * 1-5")).BackupSchedule.Should().Be("30 3 * * 1-5");
        Load(development, ("BACKUP_SCHEDULE", "OFF")).BackupSchedule.Should().Be("off");
        var path = EventChat.Infrastructure.Logging.EventChatLogging.LogFilePath("/app", Load(development, ("LOG_INSTANCE", "api-{hostname}")).LogInstance);
        path.Should().Be($"/app/logs/app-api-{Environment.MachineName}.log");
        EventChat.Infrastructure.Logging.EventChatLogging.LogFilePath("/app").Should().Be("/app/logs/app.log");
    }

    [Theory]
    [InlineData("DB_PORT", "abc")]
    [InlineData("DB_PORT", "70000")]
    [InlineData("REDIS_PORT", "-1")]
    [InlineData("MINIO_USE_SSL", "maybe")]
    [InlineData("JWT_ACCESS_EXPIRATION", "soon")]
    [InlineData("SECURITY_BCRYPT_ROUNDS", "40")]
    [InlineData("LOG_LEVEL", "Chatty")]
    [InlineData("JWT_SECRET", "too-short")]
    [InlineData("DB_NAME", "chat;drop")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.0/8,nginx")]
    [InlineData("BACKUP_SCHEDULE", "daily")]
    [InlineData("BACKUP_SCHEDULE", "0 2 * *")]
    [InlineData("BACKUP_DB_RETENTION_DAYS", "0")]
    [InlineData("BACKUP_FILES_RETENTION_DAYS", "31")]
    [InlineData("LOG_INSTANCE", "../etc")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "chat.example.com")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "ftp://chat.example.com")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "https://chat.example.com/files")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "https://chat.example.com/?a=b")]
    [InlineData("MINIO_PUBLIC_ENDPOINT", "https://user:pw@chat.example.com")]
    [InlineData("METRICS_PORT", "0")]
    [InlineData("METRICS_PORT", "none")]
    public void Invalid_setting_stops_start_with_one_line_naming_it(string name, string value)
    {
        var load = () => Load((name, value));

        var error = load.Should().Throw<SettingsException>().Which;
        error.Setting.Should().Be(name);
        error.Message.Should().StartWith($"Invalid configuration: {name} ").And.NotContain("\n");
    }

    [Theory]
    [InlineData("DB_PASSWORD")]
    [InlineData("MINIO_ACCESS_KEY")]
    [InlineData("MINIO_SECRET_KEY")]
    public void Missing_required_setting_is_named(string name)
    {
        var values = new Dictionary<string, string>(Minimal);
        values.Remove(name);

        var load = () => EventChatSettings.Load(values.GetValueOrDefault);

        load.Should().Throw<SettingsException>().Which.Setting.Should().Be(name);
    }

    [Fact]
    public void Production_refuses_the_development_jwt_secret()
    {
        var load = () => Load(("ASPNETCORE_ENVIRONMENT", "Production"));

        load.Should().Throw<SettingsException>().Which.Setting.Should().Be("JWT_SECRET");
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("production")]
    [InlineData("Test")]
    [InlineData("Develop")]
    public void Any_environment_but_Development_refuses_the_development_jwt_secret(string environment)
    {
        var load = () => Load(("ASPNETCORE_ENVIRONMENT", environment), ("JWT_SECRET", EventChatSettings.DevelopmentJwtSecret));

        var error = load.Should().Throw<SettingsException>().Which;
        error.Setting.Should().Be("JWT_SECRET");
        error.Message.Should().StartWith("Invalid configuration: JWT_SECRET ").And.NotContain("\n");
    }

    [Fact]
    public void Without_an_environment_the_development_jwt_secret_is_refused_even_when_not_set_explicitly()
    {
        var load = () => Load();

        load.Should().Throw<SettingsException>().Which.Setting.Should().Be("JWT_SECRET");
    }

    [Fact]
    public void Development_accepts_the_development_jwt_secret_and_every_environment_accepts_a_long_own_one()
    {
        Load(("ASPNETCORE_ENVIRONMENT", "Development")).JwtSecret.Should().Be(EventChatSettings.DevelopmentJwtSecret);
        Load(("ASPNETCORE_ENVIRONMENT", "Staging"), ("JWT_SECRET", new string('s', 32))).JwtSecret.Should().HaveLength(32);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Staging")]
    public void A_jwt_secret_shorter_than_32_bytes_is_refused_in_every_environment(string environment)
    {
        var load = () => Load(("ASPNETCORE_ENVIRONMENT", environment), ("JWT_SECRET", new string('s', 31)));

        load.Should().Throw<SettingsException>().Which.Setting.Should().Be("JWT_SECRET");
    }

    [Fact]
    public void Dot_env_file_is_read_and_environment_variables_win()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eventchat-{Guid.NewGuid():N}.env");
        File.WriteAllText(path, "# comment\nexport DB_HOST=db.internal\nDB_PASSWORD=\"quoted pw\"\n\nBROKEN LINE\n");
        try
        {
            var values = DotEnvFile.Read(path);

            values.Should().Contain("DB_HOST", "db.internal").And.Contain("DB_PASSWORD", "quoted pw").And.HaveCount(2);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
