using EventChat.Api.Common;
using EventChat.Application.Friends;
using EventChat.Application.Friends.AcceptFriendRequest;
using EventChat.Application.Friends.BlockUser;
using EventChat.Application.Friends.CancelFriendRequest;
using EventChat.Application.Friends.GetFriendRequest;
using EventChat.Application.Friends.ListBlocks;
using EventChat.Application.Friends.ListFriendRequests;
using EventChat.Application.Friends.ListFriends;
using EventChat.Application.Friends.RejectFriendRequest;
using EventChat.Application.Friends.SendFriendRequest;
using EventChat.Application.Friends.SetFriendRemark;
using EventChat.Application.Friends.UnblockUser;
using EventChat.Application.Friends.Unfriend;
using EventChat.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Friends;

/// <summary>
/// The "Friends" routes of the API contract: friend requests, friends (remarks, unfriend) and blocks. Lists are paged
/// with <c>limit</c> (default 50, max 200) and the cursor <c>before</c> (the <c>nextCursor</c> of the previous page).
/// </summary>
public sealed class FriendEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/friend-requests").WithTags("Friends").RequireAuthorization();
        requests.MapPost("/", SendAsync).WithName("SendFriendRequest")
            .WithSummary("Ask a user to be friends (message optional, at most 200 characters)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        requests.MapGet("/", ListRequestsAsync).WithName("ListFriendRequests")
            .WithSummary("The caller's incoming or outgoing friend requests with a status (default: incoming, pending), newest first; page with before=nextCursor")
            .ProducesProblem(400);
        requests.MapGet("/{id:guid}", GetRequestAsync).WithName("GetFriendRequest")
            .WithSummary("One friend request (its sender and recipient only)").ProducesProblem(404);
        requests.MapPost("/{id:guid}/accept", AcceptAsync).WithName("AcceptFriendRequest")
            .WithSummary("The recipient accepts: the two become friends and their direct conversation starts")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        requests.MapPost("/{id:guid}/reject", RejectAsync).WithName("RejectFriendRequest")
            .WithSummary("The recipient declines").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        requests.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelFriendRequest")
            .WithSummary("The sender takes a pending request back").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        var friends = api.MapGroup("/friends").WithTags("Friends").RequireAuthorization();
        friends.MapGet("/", ListFriendsAsync).WithName("ListFriends")
            .WithSummary("The caller's friends, newest friendship first; page with before=nextCursor").ProducesProblem(400);
        friends.MapDelete("/{userId:guid}", UnfriendAsync).WithName("Unfriend")
            .WithSummary("Both stop being friends (the direct conversation stays)").ProducesProblem(404);
        friends.MapPut("/{userId:guid}/remark", SetRemarkAsync).WithName("SetFriendRemark")
            .WithSummary("The caller's private alias for a friend (at most 64 characters; empty clears it)").ProducesProblem(400).ProducesProblem(404);

        var blocks = api.MapGroup("/blocks").WithTags("Friends").RequireAuthorization();
        blocks.MapGet("/", ListBlocksAsync).WithName("ListBlocks")
            .WithSummary("The users the caller blocks, newest first; page with before=nextCursor").ProducesProblem(400);
        blocks.MapPut("/{userId:guid}", BlockAsync).WithName("BlockUser")
            .WithSummary("Block a user (cancels a pending request either way; blocking twice changes nothing)").ProducesProblem(400).ProducesProblem(404);
        blocks.MapDelete("/{userId:guid}", UnblockAsync).WithName("UnblockUser")
            .WithSummary("Lift the caller's block (unblocking someone not blocked changes nothing)").ProducesProblem(400);
    }

    private static async Task<WrittenCreated<FriendRequestView>> SendAsync(SendFriendRequestBody request, ISender sender, CancellationToken cancellationToken)
    {
        var toUserId = request.ToUserId ?? throw RefusedException.Invalid("toUserId", "toUserId is required (a user id).");
        var written = await sender.Send(new SendFriendRequestCommand(toUserId, UserText.Normalize(request.Message ?? string.Empty)), cancellationToken);
        return WriteResults.Created($"/api/friend-requests/{written.Value.Id}", written);
    }

    private static async Task<Ok<Page<FriendRequestView>>> ListRequestsAsync(
        ISender sender, string? direction, string? status, int? limit, string? before, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(
            new ListFriendRequestsQuery(
                direction ?? ListFriendRequestsHandler.Incoming, status ?? "pending", limit ?? FriendRules.DefaultLimit, before, QueryParameters.MinPosition(minPosition)),
            cancellationToken));

    private static async Task<Ok<FriendRequestView>> GetRequestAsync(Guid id, ISender sender, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetFriendRequestQuery(id, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<WrittenOk<FriendRequestView>> AcceptAsync(Guid id, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new AcceptFriendRequestCommand(id), cancellationToken));

    private static async Task<WrittenOk<FriendRequestView>> RejectAsync(Guid id, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new RejectFriendRequestCommand(id), cancellationToken));

    private static async Task<WrittenOk<FriendRequestView>> CancelAsync(Guid id, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new CancelFriendRequestCommand(id), cancellationToken));

    private static async Task<Ok<Page<FriendView>>> ListFriendsAsync(ISender sender, int? limit, string? before, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListFriendsQuery(limit ?? FriendRules.DefaultLimit, before, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<WrittenNoContent> UnfriendAsync(Guid userId, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.NoContent(await sender.Send(new UnfriendCommand(userId), cancellationToken));

    private static async Task<WrittenNoContent> SetRemarkAsync(Guid userId, SetRemarkBody request, ISender sender, CancellationToken cancellationToken)
    {
        var remark = request.Remark ?? throw RefusedException.Invalid("remark", "remark is required (an empty string clears it).");
        return WriteResults.NoContent(await sender.Send(new SetFriendRemarkCommand(userId, UserText.Normalize(remark)), cancellationToken));
    }

    private static async Task<Ok<Page<BlockedUserView>>> ListBlocksAsync(ISender sender, int? limit, string? before, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListBlocksQuery(limit ?? FriendRules.DefaultLimit, before, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<WrittenNoContent> BlockAsync(Guid userId, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.NoContent(await sender.Send(new BlockUserCommand(userId), cancellationToken));

    private static async Task<WrittenNoContent> UnblockAsync(Guid userId, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.NoContent(await sender.Send(new UnblockUserCommand(userId), cancellationToken));
}

/// <summary>Body of <c>POST /api/friend-requests</c>. Nullable so that a missing field is a 400 naming it.</summary>
public sealed record SendFriendRequestBody(Guid? ToUserId, string? Message);

/// <summary>Body of <c>PUT /api/friends/{userId}/remark</c>.</summary>
public sealed record SetRemarkBody(string? Remark);
