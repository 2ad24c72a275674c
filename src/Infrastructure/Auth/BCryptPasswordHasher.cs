using EventChat.Application.Abstractions.Auth;
using EventChat.Domain.Accounts;

namespace EventChat.Infrastructure.Auth;

/// <summary>BCrypt at SECURITY_BCRYPT_ROUNDS (work factor).</summary>
public sealed class BCryptPasswordHasher(int workFactor) : IPasswordHasher
{
    public string Scheme => PasswordSchemes.BCrypt;

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, workFactor);

    public bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }
}
