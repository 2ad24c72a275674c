using System.Security.Claims;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace EventChat.Api.Common.Auth;

/// <summary>The caller holds one of <paramref name="AnyOf"/> now, whatever the access token said when it was issued.</summary>
public sealed record CurrentRoleRequirement(params string[] AnyOf) : IAuthorizationRequirement;

/// <summary>
/// Reads the caller's roles from their user stream, the source of truth, so a demoted admin loses admin with the
/// very next request (no read-model lag, no cache). Only privileged routes ask, so the stream read is rare; the
/// roles found are added to the principal for the handler's own checks (<c>ICurrentUser.IsInRole</c>).
/// </summary>
public sealed class CurrentRoleHandler(IEventStore store) : AuthorizationHandler<CurrentRoleRequirement>
{
    public const string CurrentRolesAuthenticationType = "current-roles";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CurrentRoleRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (!Guid.TryParse(context.User.FindFirst("sub")?.Value, out var userId))
        {
            return;
        }

        var (user, _) = await store.AggregateStreamAsync(new UserId(userId).Stream.Id, User.Initial, User.Evolve);
        if (!user.Exists || !requirement.AnyOf.Any(user.Roles.Contains))
        {
            return;
        }

        if (!context.User.Identities.Any(i => i.AuthenticationType == CurrentRolesAuthenticationType))
        {
            context.User.AddIdentity(new ClaimsIdentity(user.Roles.Select(r => new Claim("role", r)), CurrentRolesAuthenticationType, "name", "role"));
        }

        context.Succeed(requirement);
    }
}
