using EventChat.Api.Common;
using EventChat.Application.Common.Commands;
using EventChat.Application.Conversations;
using EventChat.Application.Conversations.AddMembers;
using EventChat.Application.Conversations.GetConversation;
using EventChat.Application.Conversations.GetMessages;
using EventChat.Application.Conversations.ListConversations;
using EventChat.Application.Conversations.MarkRead;
using EventChat.Application.Conversations.RecallMessage;
using EventChat.Application.Conversations.RemoveMember;
using EventChat.Application.Conversations.SendMessage;
using EventChat.Application.Conversations.SetMemberRole;
using EventChat.Application.Conversations.StartConversation;
using EventChat.Application.Conversations.UpdateGroup;
using EventChat.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Conversations;

/// <summary>The "Conversations and messages" routes of the API contract. A caller who is not a member gets 404 on every one.</summary>
public sealed class ConversationEndpoints : IEndpointGroup
{
    public const int DefaultLimit = 50;

    public void Map(RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations").RequireAuthorization();
        conversations.MapPost("/", StartAsync).WithName("StartConversation")
            .WithSummary("The direct conversation with a friend (200, idempotent), or a new group (201)").ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        conversations.MapGet("/", ListAsync).WithName("ListConversations")
            .WithSummary("The caller's conversations, newest activity first, with unread counts").ProducesProblem(400);
        conversations.MapGet("/{id:guid}", GetAsync).WithName("GetConversation").WithSummary("A conversation and its members").ProducesProblem(404);
        conversations.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateConversation")
            .WithSummary("Rename a group or set its announcement (owner or admin)").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        conversations.MapPost("/{id:guid}/members", AddMembersAsync).WithName("AddConversationMembers")
            .WithSummary("Add friends of the caller to a group (owner or admin)").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        conversations.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMemberAsync).WithName("RemoveConversationMember")
            .WithSummary("Remove a member (owner or admin), or leave (one's own id)").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        conversations.MapPut("/{id:guid}/members/{userId:guid}/role", SetRoleAsync).WithName("SetConversationMemberRole")
            .WithSummary("Make a member an admin or a plain member (owner)").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        conversations.MapPost("/{id:guid}/messages", SendAsync).WithName("SendMessage")
            .WithSummary("Send a message (201; a resend of the same clientMessageId is 200 with the original)").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        conversations.MapGet("/{id:guid}/messages", GetMessagesAsync).WithName("GetMessages")
            .WithSummary("History: afterSeq ascending, beforeSeq descending, neither = newest page").ProducesProblem(400).ProducesProblem(404);
        conversations.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkConversationRead")
            .WithSummary("Move the caller's read marker forward").ProducesProblem(400).ProducesProblem(404);
        conversations.MapPost("/{id:guid}/messages/{seq:long}/recall", RecallAsync).WithName("RecallMessage")
            .WithSummary("Recall a message (sender within 2 minutes, or a group owner or admin)").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<Results<WrittenOk<ConversationView>, WrittenCreated<ConversationView>>> StartAsync(
        StartConversationRequest request, ISender sender, CancellationToken cancellationToken)
    {
        var written = await sender.Send(
            new StartConversationCommand(
                request.Type ?? string.Empty,
                request.UserId,
                request.Name is null ? null : UserText.Normalize(request.Name),
                request.MemberIds),
            cancellationToken);
        var result = new WriteResult<ConversationView>(written.Value.Conversation, written.Position);
        return request.Type == ConversationTypes.Group
            ? WriteResults.Created($"/api/conversations/{result.Value.Id}", result)
            : WriteResults.Ok(result);
    }

    private static async Task<Ok<ConversationList>> ListAsync(ISender sender, int? limit, string? before, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListConversationsQuery(limit ?? DefaultLimit, before, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<Ok<ConversationView>> GetAsync(Guid id, ISender sender, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetConversationQuery(id, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<WrittenOk<ConversationView>> UpdateAsync(Guid id, UpdateConversationRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(
            new UpdateGroupCommand(
                id,
                request.Name is null ? null : UserText.Normalize(request.Name),
                request.Announcement is null ? null : UserText.NormalizeMultiLine(request.Announcement)),
            cancellationToken));

    private static async Task<WrittenOk<ConversationView>> AddMembersAsync(Guid id, AddMembersRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new AddMembersCommand(id, request.UserIds ?? []), cancellationToken));

    private static async Task<WrittenNoContent> RemoveMemberAsync(Guid id, Guid userId, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.NoContent(await sender.Send(new RemoveMemberCommand(id, userId), cancellationToken));

    private static async Task<WrittenOk<ConversationView>> SetRoleAsync(Guid id, Guid userId, SetRoleRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new SetMemberRoleCommand(id, userId, request.Role ?? string.Empty), cancellationToken));

    private static async Task<Results<WrittenCreated<MessageView>, WrittenOk<MessageView>>> SendAsync(
        Guid id, SendMessageRequest request, ISender sender, CancellationToken cancellationToken)
    {
        var written = await sender.Send(
            new SendMessageCommand(
                id,
                request.ClientMessageId ?? string.Empty,
                request.Type ?? string.Empty,
                request.Text is null ? null : UserText.NormalizeMultiLine(request.Text),
                request.UploadId,
                request.ReplyToSeq),
            cancellationToken);
        var result = new WriteResult<MessageView>(written.Value.Message, written.Position);
        return written.Value.Created
            ? WriteResults.Created($"/api/conversations/{id}/messages?afterSeq={result.Value.Seq - 1}&limit=1", result)
            : WriteResults.Ok(result);
    }

    private static async Task<Ok<MessagePage>> GetMessagesAsync(
        Guid id, ISender sender, long? afterSeq, long? beforeSeq, int? limit, long? minPosition, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetMessagesQuery(id, afterSeq, beforeSeq, limit ?? DefaultLimit, QueryParameters.MinPosition(minPosition)), cancellationToken));

    private static async Task<WrittenNoContent> MarkReadAsync(Guid id, MarkReadRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.NoContent(await sender.Send(
            new MarkReadCommand(id, request.Seq ?? throw RefusedException.Invalid("seq", "seq is required.")), cancellationToken));

    private static async Task<WrittenOk<MessageView>> RecallAsync(Guid id, long seq, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new RecallMessageCommand(id, seq), cancellationToken));
}

/// <summary>Body of <c>POST /api/conversations</c>: <c>{type: "direct", userId}</c> or <c>{type: "group", name, memberIds}</c>.</summary>
public sealed record StartConversationRequest(string? Type, Guid? UserId, string? Name, IReadOnlyList<Guid>? MemberIds);

/// <summary>Body of <c>PATCH /api/conversations/{id}</c>; absent fields stay as they are.</summary>
public sealed record UpdateConversationRequest(string? Name, string? Announcement);

public sealed record AddMembersRequest(IReadOnlyList<Guid>? UserIds);

public sealed record SetRoleRequest(string? Role);

public sealed record SendMessageRequest(string? ClientMessageId, string? Type, string? Text, Guid? UploadId, long? ReplyToSeq);

public sealed record MarkReadRequest(long? Seq);
