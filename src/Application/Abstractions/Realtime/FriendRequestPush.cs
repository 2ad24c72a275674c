namespace EventChat.Application.Abstractions.Realtime;

/// <summary>The payload of <c>friendRequestReceived</c>, <c>friendRequestAccepted</c> and <c>friendRequestRejected</c>: the request as the REST API shows it.</summary>
public sealed record FriendRequestPush(Guid Id, Guid FromUserId, Guid ToUserId, string Message, string Status, DateTimeOffset CreatedAt, long Position);
