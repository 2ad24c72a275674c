using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using EventChat.Application.Accounts.SetRoles;
using Mediator;

namespace EventChat.Api.Accounts;

/// <summary><c>/api/admin/users</c>: role management (admins only).</summary>
public sealed class AdminUserEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/users").WithTags("Administration").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetUserRoles")
            .WithSummary("Set a user's roles (user, auditor, admin)").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<WrittenOk<UserRolesResult>> SetRolesAsync(Guid id, SetRolesRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new SetUserRolesCommand(id, request.Roles ?? []), cancellationToken));
}

/// <summary>Body of <c>PUT /api/admin/users/{id}/roles</c>.</summary>
public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);
