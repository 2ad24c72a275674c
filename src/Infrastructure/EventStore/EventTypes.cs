namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Every domain event with its stored name. Adding an event type means one line here; changing a
/// payload shape means bumping its version and registering an upcaster from the old one.
/// </summary>
public static class EventTypes
{
    public static EventTypeRegistry CreateRegistry()
    {
        var registry = new EventTypeRegistry();
        return registry;
    }
}
