using EventChat.Infrastructure.Configuration;

namespace EventChat.IntegrationTests.Support;

/// <summary>
/// The settings of the services `make test` started (environment, then the repository's .env), pointed
/// at the test database (<c>{DB_NAME}_test</c>) so tests never touch the data of `make run`.
/// </summary>
public static class TestSettings
{
    private static readonly Lazy<EventChatSettings> Lazy = new(() =>
    {
        var source = DotEnvFile.EnvironmentThenFile(AppContext.BaseDirectory);
        var settings = EventChatSettings.Load(source);
        return settings.DbName.EndsWith("_test", StringComparison.Ordinal)
            ? settings
            : settings with { DbName = settings.DbName + "_test" };
    });

    public static EventChatSettings Current => Lazy.Value;
}
