namespace EventChat.Domain.Common;

/// <summary>
/// The stable stored name of an event type (<c>user.registered</c>, stored as <c>user.registered.v2</c> at version 2),
/// declared beside the event. The event store registers every type that carries it, so adding an event
/// touches no central list; renaming or moving the CLR type never changes what is stored.
/// Changing a payload's shape means raising <see cref="Version"/> and registering an upcaster.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public int Version { get; init; } = 1;
}
