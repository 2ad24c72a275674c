using System.Reflection;
using System.Text.Json.Nodes;
using EventChat.Domain.Common;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Builds the registry from the event types themselves: every type in the Domain that carries
/// <see cref="EventNameAttribute"/>. Adding an event type is declaring its name beside it.
/// </summary>
public static class EventTypes
{
    public static EventTypeRegistry CreateRegistry() => CreateRegistry(typeof(EventChat.Domain.AssemblyMarker).Assembly);

    public static EventTypeRegistry CreateRegistry(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var registry = new EventTypeRegistry();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetCustomAttribute<EventNameAttribute>() is { } declared)
            {
                registry.Register(type, declared.Name, declared.Version);
            }
        }

        foreach (var (eventType, fromVersion, upcast) in Upcasters())
        {
            var name = eventType.GetCustomAttribute<EventNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{eventType.Name} has an upcaster but no [EventName].");
            registry.Upcast(name, fromVersion, upcast);
        }

        return registry;
    }

    /// <summary>Every method of this assembly marked <see cref="UpcasterAttribute"/>.</summary>
    public static IEnumerable<(Type EventType, int FromVersion, Func<JsonObject, JsonObject> Upcast)> Upcasters()
    {
        foreach (var type in typeof(EventTypes).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<UpcasterAttribute>() is { } declared)
                {
                    yield return (declared.EventType, declared.FromVersion, method.CreateDelegate<Func<JsonObject, JsonObject>>());
                }
            }
        }
    }
}
