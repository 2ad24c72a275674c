using System.Reflection;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Infrastructure.EventStore;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>
/// Event types register themselves from <see cref="EventNameAttribute"/>, and secrets are declared beside
/// their fields. Walks every registered type, so a new event cannot slip past either rule. Pure, no I/O.
/// </summary>
public sealed class DeclaredEventTypesTests
{
    private static readonly EventTypeRegistry Registry = EventTypes.CreateRegistry();

    [Fact]
    public void Every_event_declared_in_the_domain_is_registered_under_its_declared_name()
    {
        var declared = typeof(EventChat.Domain.AssemblyMarker).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<EventNameAttribute>() is not null)
            .ToArray();

        declared.Should().NotBeEmpty();
        Registry.RegisteredTypes.Should().BeEquivalentTo(declared);
        foreach (var type in declared)
        {
            Registry.NameOf(type).StoredName.Should().Be($"{type.GetCustomAttribute<EventNameAttribute>()!.Name}.v{type.GetCustomAttribute<EventNameAttribute>()!.Version}");
        }
    }

    [Theory]
    [InlineData(typeof(UserRegistered), "user.registered.v2")]
    [InlineData(typeof(SessionStarted), "session.started.v1")]
    [InlineData(typeof(UniqueValueClaimed), "unique-value.claimed.v1")]
    [InlineData(typeof(LoginFailedForUnknownUser), "auth.login-failed-unknown-user.v1")]
    public void Stored_names_of_events_already_in_the_log_do_not_change(Type eventType, string storedName)
    {
        // Rows written before names moved beside their events must still read as the same types. A version moves
        // only with an upcaster for the rows of the old one (user.registered went to v2 with the password scheme).
        Registry.NameOf(eventType).StoredName.Should().Be(storedName);
    }

    [Fact]
    public void Every_event_at_a_later_version_can_read_every_older_version()
    {
        foreach (var type in Registry.RegisteredTypes)
        {
            var declared = type.GetCustomAttribute<EventNameAttribute>()!;
            for (var version = 1; version < declared.Version; version++)
            {
                var upcasters = EventTypes.Upcasters().Where(u => u.EventType == type && u.FromVersion == version);
                upcasters.Should().ContainSingle($"{declared.Name} v{version} rows must be readable as v{declared.Version}");
            }
        }
    }

    [Fact]
    public void A_version_1_user_registered_row_reads_as_version_2_with_the_bcrypt_scheme()
    {
        var userId = Guid.NewGuid();
        var v1 = $$"""{"userId":"{{userId}}","username":"old_timer","email":"old@example.test","nickname":"Old","passwordHash":"$2a$10$abcdefghijklmnopqrstuv","registeredAt":"2025-01-02T03:04:05.000Z"}""";

        var read = (UserRegistered)Registry.Deserialize("user.registered.v1", v1);

        read.Should().Be(new UserRegistered(userId, "old_timer", "old@example.test", "Old", PasswordSchemes.BCrypt, "$2a$10$abcdefghijklmnopqrstuv", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
    }

    [Fact]
    public void Every_hash_token_or_password_field_of_every_event_is_declared_secret()
    {
        var undeclared = Registry.RegisteredTypes
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => LooksSecret(x.Property.Name) && x.Property.GetCustomAttribute<SecretAttribute>() is null)
            .Select(x => $"{x.Type.Name}.{x.Property.Name}");

        undeclared.Should().BeEmpty("a field holding a hash, token or password must carry [Secret]");
    }

    [Fact]
    public void Redacting_any_registered_event_leaves_none_of_its_secrets_in_the_json()
    {
        foreach (var type in Registry.RegisteredTypes)
        {
            var sample = Sample(type);
            var json = EventTypeRegistry.Redact(sample).ToJsonString();

            foreach (var secret in EventTypeRegistry.SecretPropertiesOf(type))
            {
                var value = type.GetProperty(secret)!.GetValue(sample) as string;
                value.Should().NotBeNullOrEmpty();
                json.Should().NotContain(value, $"{type.Name}.{secret} is secret").And.Contain(EventTypeRegistry.RedactedValue);
            }
        }
    }

    [Fact]
    public void Redaction_is_shown_to_fail_on_a_field_that_is_not_declared()
    {
        // Guards the walk above: an undeclared secret is visible in the redacted JSON.
        var json = EventTypeRegistry.Redact(new Undeclared("$2a$11$visible-hash")).ToJsonString();

        json.Should().Contain("visible-hash");
        LooksSecret(nameof(Undeclared.PasswordHash)).Should().BeTrue();
    }

    private sealed record Undeclared(string PasswordHash);

    // A *Scheme field names an algorithm (UserRegistered.PasswordScheme), not a secret value.
    private static bool LooksSecret(string name) =>
        !name.EndsWith("Scheme", StringComparison.Ordinal)
        && (name.Contains("Hash", StringComparison.Ordinal) || name.Contains("Token", StringComparison.Ordinal) || name.Contains("Password", StringComparison.Ordinal));

    /// <summary>An instance with a distinct value in every constructor parameter.</summary>
    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => SampleValue(p.ParameterType, p.Name!)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object? SampleValue(Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => $"sample-{name}-{Guid.NewGuid():N}",
            _ when underlying == typeof(Guid) => Guid.NewGuid(),
            _ when underlying == typeof(DateTimeOffset) => DateTimeOffset.UnixEpoch,
            _ when underlying == typeof(int) => 1,
            _ when underlying == typeof(long) => 1L,
            _ when underlying == typeof(bool) => true,
            _ when underlying.IsAssignableFrom(typeof(string[])) => new[] { $"sample-{name}" },
            _ when underlying.IsAssignableFrom(typeof(Guid[])) => new[] { Guid.NewGuid() },
            _ when underlying.IsEnum => Enum.GetValues(underlying).GetValue(0),
            _ => throw new InvalidOperationException($"Add a sample for {type} ({name})."),
        };
    }
}
