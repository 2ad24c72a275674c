using System.Security.Claims;
using EventChat.Application.Abstractions;
using EventChat.Domain.Accounts;
using EventChat.Infrastructure.Auth;
using EventChat.Infrastructure.Configuration;
using EventChat.Projections.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace EventChat.Api.Common.Auth;

public static class AuthSetup
{
    public const string AdminPolicy = "admin";

    /// <summary>The audit routes: auditors, and admins (who can grant themselves the role anyway).</summary>
    public const string AuditorPolicy = "auditor";

    /// <summary>
    /// JWT bearer authentication (HS256, issuer, audience, lifetime with 30 s skew) and the role policies. A valid
    /// signature is not enough: the token's session (<c>sid</c>) must not have ended (logout, refresh-token reuse),
    /// and roles are never taken from the token: privileged routes check the caller's current roles
    /// (<see cref="CurrentRoleHandler"/>).
    /// </summary>
    public static IServiceCollection AddEventChatAuth(this IServiceCollection services, EventChatSettings settings)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingJsonWebTokenHandler { MapInboundClaims = false });
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
                    OnTokenValidated = CheckSessionAsync,
                };
            });
        // Routes opt in with RequireAuthorization on their groups. A fallback policy would also guard the
        // framework's own 415/405 endpoints and turn a wrong content type into a misleading 401.
        services.AddSingleton<IAuthorizationHandler, CurrentRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new CurrentRoleRequirement(Roles.Admin)))
            .AddPolicy(AuditorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new CurrentRoleRequirement(Roles.Auditor, Roles.Admin)));
        return services;
    }

    /// <summary>Refuses tokens without a session or of an ended one (cached per session for at most a couple of seconds), and drops the token's role claims.</summary>
    private static async Task CheckSessionAsync(TokenValidatedContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity
            || !Guid.TryParse(identity.FindFirst("sid")?.Value, out var sessionId))
        {
            context.Fail("The access token names no session.");
            return;
        }

        var revocations = context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>();
        if (await revocations.IsEndedAsync(sessionId, context.HttpContext.RequestAborted))
        {
            context.Fail("The session of this access token has ended.");
            return;
        }

        // Roles in a token are a snapshot from login: a demoted admin's token still says admin. Fail closed.
        foreach (var role in identity.FindAll("role").ToArray())
        {
            identity.RemoveClaim(role);
        }
    }
}
