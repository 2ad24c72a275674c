using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Common;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Maps CLR event types to stable stored names (<c>user.registered.v2</c>) and back. Stored names never
/// depend on CLR names, so classes can be renamed or moved. Payloads written at an older schema version
/// are upcast step by step (v1 → v2 → …) on read.
/// </summary>
public sealed class EventTypeRegistry
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<Type, (string Name, int Version)> _byType = [];
    private readonly Dictionary<string, (Type Type, int Version)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int FromVersion), Func<JsonObject, JsonObject>> _upcasters = [];

    /// <summary>Registers <typeparamref name="TEvent"/> as the current shape of <paramref name="name"/> at <paramref name="version"/>.</summary>
    public EventTypeRegistry Register<TEvent>(string name, int version = 1) => Register(typeof(TEvent), name, version);

    public EventTypeRegistry Register(Type eventType, string name, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (name.Contains(".v", StringComparison.Ordinal) && char.IsDigit(name[^1]))
        {
            throw new ArgumentException($"Register the base name without its version suffix: '{name}'.", nameof(name));
        }

        if (_byName.TryGetValue(name, out var existing) && existing.Type != eventType)
        {
            throw new InvalidOperationException($"Event name '{name}' is already mapped to {existing.Type.Name}.");
        }

        _byType[eventType] = (name, version);
        _byName[name] = (eventType, version);
        return this;
    }

    /// <summary>Registers the step that turns a <paramref name="name"/> payload at <paramref name="fromVersion"/> into <c>fromVersion + 1</c>.</summary>
    public EventTypeRegistry Upcast(string name, int fromVersion, Func<JsonObject, JsonObject> upcast)
    {
        _upcasters[(name, fromVersion)] = upcast;
        return this;
    }

    public bool IsRegistered(Type eventType) => _byType.ContainsKey(eventType);

    /// <summary>Every registered CLR event type.</summary>
    public IReadOnlyCollection<Type> RegisteredTypes => _byType.Keys;

    /// <summary>
    /// The event's payload as JSON with every <see cref="SecretAttribute"/> field replaced by
    /// <see cref="RedactedValue"/>: what may be handed to people (auditors, data exports).
    /// </summary>
    public static JsonObject Redact(object data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var json = JsonSerializer.SerializeToNode(data, data.GetType(), JsonOptions)?.AsObject() ?? [];
        foreach (var secret in SecretPropertiesOf(data.GetType()))
        {
            var key = JsonOptions.PropertyNamingPolicy?.ConvertName(secret) ?? secret;
            if (json.ContainsKey(key))
            {
                json[key] = RedactedValue;
            }
        }

        return json;
    }

    public const string RedactedValue = "[redacted]";

    /// <summary>The names of the fields of <paramref name="eventType"/> marked <see cref="SecretAttribute"/>.</summary>
    public static IReadOnlyList<string> SecretPropertiesOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return eventType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<SecretAttribute>() is not null)
            .Select(p => p.Name)
            .ToArray();
    }

    /// <summary>The stored type name and schema version for an event instance.</summary>
    public (string StoredName, int Version) NameOf(Type eventType)
    {
        if (!_byType.TryGetValue(eventType, out var entry))
        {
            throw new InvalidOperationException($"Event type {eventType.FullName} is not registered with a stored name.");
        }

        return (FormatStoredName(entry.Name, entry.Version), entry.Version);
    }

    public static string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), JsonOptions);

    /// <summary>
    /// Deserializes a stored payload into the current CLR type, upcasting older versions first.
    /// An unregistered name yields <see cref="UnknownEvent"/>.
    /// </summary>
    public object Deserialize(string storedName, string json)
    {
        var (name, version) = ParseStoredName(storedName);
        if (!_byName.TryGetValue(name, out var current))
        {
            return new UnknownEvent(storedName, json);
        }

        if (version == current.Version)
        {
            return JsonSerializer.Deserialize(json, current.Type, JsonOptions)
                ?? throw new InvalidOperationException($"Stored event '{storedName}' has a null payload.");
        }

        if (version > current.Version)
        {
            throw new InvalidOperationException($"Stored event '{storedName}' is newer than this build knows (v{current.Version}).");
        }

        var node = JsonNode.Parse(json)?.AsObject()
            ?? throw new InvalidOperationException($"Stored event '{storedName}' has a null payload.");
        for (var v = version; v < current.Version; v++)
        {
            if (!_upcasters.TryGetValue((name, v), out var step))
            {
                throw new InvalidOperationException($"No upcaster for '{name}' from v{v} to v{v + 1}.");
            }

            node = step(node);
        }

        return node.Deserialize(current.Type, JsonOptions)
            ?? throw new InvalidOperationException($"Upcast of '{storedName}' produced a null payload.");
    }

    public static string FormatStoredName(string name, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}.v{version}");

    public static (string Name, int Version) ParseStoredName(string storedName)
    {
        ArgumentNullException.ThrowIfNull(storedName);
        var marker = storedName.LastIndexOf(".v", StringComparison.Ordinal);
        if (marker > 0 && int.TryParse(storedName.AsSpan(marker + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (storedName[..marker], version);
        }

        return (storedName, 1);
    }
}
