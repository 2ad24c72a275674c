namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The payload of <c>presence</c>. <see cref="Position"/> is 0: presence is not an event of the log.</summary>
public sealed record PresencePush(Guid UserId, bool Online, long Position);
