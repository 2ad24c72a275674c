
namespace EventChat.Domain.Common;

/// <summary>
/// A stream's id and its type (the aggregate kind, for example <c>user</c>). Streams are named from typed
/// ids (<c>UserId.Stream</c>), never assembled from strings at call sites.
/// </summary>
public readonly record struct StreamName(string Type, string Id)
{
    public const int MaxIdLength = 150;
    public const int MaxTypeLength = 100;

    /// <summary>The usual shape: <c>{type}-{guid}</c>.</summary>
    public static StreamName For(string type, Guid id) => new(type, $"{type}-{id:D}");

    public override string ToString() => Id;
}
