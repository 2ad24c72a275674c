using Microsoft.AspNetCore.SignalR;

namespace EventChat.Infrastructure.Realtime;

/// <summary>SignalR's user of a connection is the access token's <c>sub</c> (inbound claims are not mapped, so not NameIdentifier).</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.User?.FindFirst("sub")?.Value;
    }
}
