using EventChat.Application.Abstractions.Auth;
using EventChat.Application.Accounts;
using EventChat.Infrastructure.Auth;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Accounts;

/// <summary>Accounts: its settings (ADMIN_USERNAMES, JWT_REFRESH_EXPIRATION), password hashing and token issuing.</summary>
public sealed class AccountsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(new AccountsOptions(settings.AdminUsernames, TimeSpan.FromSeconds(settings.JwtRefreshExpirationSeconds)));
        services.AddSingleton<IPasswordHasher>(new BCryptPasswordHasher(settings.SecurityBcryptRounds));
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
    }
}
