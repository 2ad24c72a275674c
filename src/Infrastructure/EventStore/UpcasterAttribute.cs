namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Marks a static <c>JsonObject → JsonObject</c> method as the step that turns a stored <see cref="EventType"/>
/// payload at <see cref="FromVersion"/> into the shape of <c>FromVersion + 1</c>. Upcasters live in the feature's
/// Infrastructure folder (the Domain knows no JSON) and are found by <see cref="EventTypes.CreateRegistry()"/>, so
/// raising an event's version touches no central list. Payloads are upcast on every read: by projections, by
/// commands folding a stream, by the audit API and by time travel.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class UpcasterAttribute(Type eventType, int fromVersion) : Attribute
{
    public Type EventType { get; } = eventType;

    public int FromVersion { get; } = fromVersion;
}
