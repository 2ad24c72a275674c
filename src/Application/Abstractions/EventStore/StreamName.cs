namespace EventChat.Application.Abstractions.EventStore;

/// <summary>A stream's id and its type (the aggregate kind, for example <c>user</c>).</summary>
public readonly record struct StreamName(string Type, string Id)
{
    public const int MaxIdLength = 150;
    public const int MaxTypeLength = 100;

    public static StreamName For(string type, Guid id) => new(type, $"{type}-{id:D}");

    public override string ToString() => Id;
}
