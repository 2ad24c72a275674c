using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using EventChat.Application.Audit;
using EventChat.Application.Audit.Export;
using EventChat.Application.Audit.ReadEvents;
using EventChat.Application.Audit.ReadStream;
using EventChat.Application.Audit.TimeTravel;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Audit;

/// <summary>
/// <c>/api/audit</c>: the event log, one stream, an aggregate's state at an instant (time travel) and one user's
/// history, for auditors and admins. Every payload is redacted by the rules declared on its event type.
/// </summary>
public sealed class AuditEndpoints : IEndpointGroup
{
    private const int DefaultLimit = 50;

    public void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(AuthSetup.AuditorPolicy);
        audit.MapGet("/events", ReadEventsAsync).WithName("ReadAuditEvents")
            .WithSummary("The event log after fromPosition (exclusive), filtered by streamType, userId and a from/to time range; continue from nextPosition until it reaches headPosition")
            .ProducesProblem(400).ProducesProblem(403);
        audit.MapGet("/streams/{streamId}", ReadStreamAsync).WithName("ReadAuditStream")
            .WithSummary("One stream's events, versions fromVersion..toVersion").ProducesProblem(400).ProducesProblem(403);
        audit.MapGet("/conversations/{id:guid}/state", ConversationStateAsync).WithName("AuditConversationState")
            .WithSummary("The conversation as it stood at an instant (at) or after a version of its stream: members, name, lastSeq")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        audit.MapGet("/users/{id:guid}/state", UserStateAsync).WithName("AuditUserState")
            .WithSummary("The account as it stood at an instant (at) or version; never its password hash")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        audit.MapGet("/friendships/{userId:guid}/{otherUserId:guid}/state", FriendshipStateAsync).WithName("AuditFriendshipState")
            .WithSummary("What stood between two users at an instant (at) or version: friendship, blocks, remarks, requests")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        audit.MapGet("/users/{id:guid}/export", ExportUserAsync).WithName("ExportUserHistory")
            .WithSummary("Every event by or about one user, redacted, as a JSON download (for data requests)")
            .ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<Ok<AuditPage>> ReadEventsAsync(
        ISender sender, long? fromPosition, int? limit, string? streamType, Guid? userId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(
            new ReadAuditEventsQuery(fromPosition ?? 0, limit ?? DefaultLimit, new AuditFilter(streamType, userId, from, to)), cancellationToken));

    private static async Task<Ok<AuditStream>> ReadStreamAsync(
        string streamId, ISender sender, long? fromVersion, long? toVersion, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ReadAuditStreamQuery(streamId, fromVersion ?? 1, toVersion, limit ?? 1000), cancellationToken));

    private static async Task<Ok<ConversationState>> ConversationStateAsync(Guid id, ISender sender, DateTimeOffset? at, long? version, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ConversationStateQuery(id, AuditInstant.Of(at, version)), cancellationToken));

    private static async Task<Ok<UserState>> UserStateAsync(Guid id, ISender sender, DateTimeOffset? at, long? version, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UserStateQuery(id, AuditInstant.Of(at, version)), cancellationToken));

    private static async Task<Ok<FriendshipState>> FriendshipStateAsync(
        Guid userId, Guid otherUserId, ISender sender, DateTimeOffset? at, long? version, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new FriendshipStateQuery(userId, otherUserId, AuditInstant.Of(at, version)), cancellationToken));

    private static async Task<Ok<UserHistoryExport>> ExportUserAsync(Guid id, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var export = await sender.Send(new ExportUserHistoryQuery(id), cancellationToken);
        response.Headers.ContentDisposition = $"attachment; filename=\"eventchat-user-{id:D}-history.json\"";
        return TypedResults.Ok(export);
    }
}
