using EventChat.Api.Common;
using EventChat.Application.Accounts;
using EventChat.Application.Accounts.GetMe;
using EventChat.Application.Accounts.GetUser;
using EventChat.Application.Accounts.SearchUsers;
using EventChat.Application.Accounts.UpdateProfile;
using EventChat.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Accounts;

/// <summary><c>/api/users</c>: the caller's profile, other users' public profiles, search.</summary>
public sealed class UserEndpoints : IEndpointGroup
{
    public const int DefaultLimit = 50;

    public void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("The caller's own profile").ProducesProblem(401);
        users.MapPatch("/me", UpdateMeAsync).WithName("UpdateMe").WithSummary("Change the caller's nickname, bio or avatar").ProducesProblem(400);
        users.MapGet("/{id:guid}", GetUserAsync).WithName("GetUser").WithSummary("A user's public profile").ProducesProblem(404);
        users.MapGet("/", SearchAsync).WithName("SearchUsers").WithSummary("Prefix search on username and nickname").ProducesProblem(400);
    }

    private static async Task<Ok<MyProfileView>> GetMeAsync(ISender sender, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetMeQuery(QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<WrittenOk<MyProfileView>> UpdateMeAsync(UpdateProfileRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new UpdateProfileCommand(
            request.Nickname is null ? null : UserText.Normalize(request.Nickname),
            request.Bio is null ? null : UserText.NormalizeMultiLine(request.Bio),
            request.AvatarUploadId), cancellationToken));

    private static async Task<Ok<PublicProfileView>> GetUserAsync(Guid id, ISender sender, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetUserQuery(id, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<Ok<SearchUsersResult>> SearchAsync(ISender sender, string? search, int? limit, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(
            new SearchUsersQuery(UserText.Normalize(search ?? string.Empty), limit ?? DefaultLimit, QueryParameters.MinPosition(minPosition)), cancellationToken));
}

/// <summary>Body of <c>PATCH /api/users/me</c>; absent fields stay as they are.</summary>
public sealed record UpdateProfileRequest(string? Nickname, string? Bio, Guid? AvatarUploadId);
