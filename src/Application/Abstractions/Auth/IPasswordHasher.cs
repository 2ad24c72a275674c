namespace EventChat.Application.Abstractions.Auth;

public interface IPasswordHasher
{
    /// <summary>The scheme recorded beside each hash it makes (<c>UserRegistered.PasswordScheme</c>).</summary>
    string Scheme { get; }

    string Hash(string password);

    bool Verify(string password, string hash);
}
