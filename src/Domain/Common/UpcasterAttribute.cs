namespace EventChat.Domain.Common;

/// <summary>
/// Marks a static <c>JsonObject → JsonObject</c> method of an event type as the step that turns a stored payload at
/// <see cref="FromVersion"/> into the shape of <c>FromVersion + 1</c>. Declared beside the event, like its name, so
/// raising an event's version and teaching the store to read the old rows are one change in one place. Payloads
/// are upcast on every read: by projections, by commands folding a stream, by the audit API and by time travel.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class UpcasterAttribute(int fromVersion) : Attribute
{
    public int FromVersion { get; } = fromVersion;
}
