using EventChat.Application.Abstractions;
using EventChat.Domain.Common;

namespace EventChat.Application.Conversations;

internal static class ConversationAccess
{
    public static Guid CallerId(this ICurrentUser caller) => caller.UserId ?? throw RefusedException.Unauthorized("Sign in first.");
}
