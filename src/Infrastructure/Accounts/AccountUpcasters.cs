using System.Text.Json.Nodes;
using EventChat.Domain.Accounts;
using EventChat.Infrastructure.EventStore;

namespace EventChat.Infrastructure.Accounts;

/// <summary>How rows of older account event versions read as the current shapes.</summary>
public static class AccountUpcasters
{
    /// <summary><c>user.registered</c> v1 had no <c>passwordScheme</c>: every hash it stored was made by BCrypt.</summary>
    [Upcaster(typeof(UserRegistered), 1)]
    public static JsonObject UserRegisteredFromVersion1(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        payload["passwordScheme"] = PasswordSchemes.BCrypt;
        return payload;
    }
}
