using Microsoft.AspNetCore.SignalR;

namespace EventChat.Infrastructure.Realtime;

/// <summary>A live hub connection of this process: whose it is and which login (session) its access token belongs to.</summary>
public sealed record ChatConnection(string ConnectionId, Guid UserId, Guid SessionId, HubCallerContext Context);
