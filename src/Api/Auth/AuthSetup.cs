using EventChat.Application.Abstractions;
using EventChat.Domain.Users;
using EventChat.Infrastructure.Auth;
using EventChat.Infrastructure.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace EventChat.Api.Auth;

public static class AuthSetup
{
    public const string AdminPolicy = "admin";

    /// <summary>JWT bearer authentication (HS256, issuer, audience, lifetime with 30 s skew) and the role policies.</summary>
    public static IServiceCollection AddEventChatAuth(this IServiceCollection services, EventChatSettings settings)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = JwtSettings.ValidationParameters(settings);
                options.Events = new JwtBearerEvents
                {
                    // SignalR clients send the token as a query parameter on /hubs.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        // Routes opt in with RequireAuthorization on their groups. A fallback policy would also guard the
        // framework's own 415/405 endpoints and turn a wrong content type into a misleading 401.
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }
}
