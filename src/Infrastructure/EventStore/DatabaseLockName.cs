using System.Security.Cryptography;
using System.Text;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Names for MySQL named locks (GET_LOCK). Lock names are server-wide, not per database, so every name
/// carries the database's: two deployments on one server (make run and make test) never block each other.
/// </summary>
public static class DatabaseLockName
{
    private const int MaxLength = 64;

    public static string For(string database, string purpose)
    {
        var name = $"eventchat.{database}.{purpose}";
        if (name.Length <= MaxLength)
        {
            return name;
        }

        // MySQL limits lock names to 64 characters: a hash of the whole name keeps them apart.
        return "eventchat." + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..40];
    }
}
