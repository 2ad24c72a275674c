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
                foreach (var (fromVersion, upcast) in UpcastersOf(type))
                {
                    registry.Upcast(declared.Name, fromVersion, upcast);
                }
            }
        }

        return registry;
    }

    /// <summary>The static methods of <paramref name="eventType"/> marked <see cref="UpcasterAttribute"/>.</summary>
    private static IEnumerable<(int FromVersion, Func<JsonObject, JsonObject> Upcast)> UpcastersOf(Type eventType)
    {
        foreach (var method in eventType.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (method.GetCustomAttribute<UpcasterAttribute>() is { } declared)
            {
                yield return (declared.FromVersion, method.CreateDelegate<Func<JsonObject, JsonObject>>());
            }
        }
    }
}
