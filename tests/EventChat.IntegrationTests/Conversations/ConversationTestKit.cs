using System.Net;
using System.Net.Http.Json;
using EventChat.Application.Abstractions;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Domain.Accounts;
using EventChat.Domain.Common;
using EventChat.Domain.Conversations;
using EventChat.Domain.Friends;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Conversations;

public sealed record MemberDto(Guid UserId, string Role, DateTimeOffset JoinedAt);

public sealed record ConversationDto(Guid Id, string Type, string? Name, string Announcement, MemberDto[] Members, long LastSeq, DateTimeOffset CreatedAt, long Position);

public sealed record MessageDto(
    Guid Id, Guid ConversationId, long Seq, Guid SenderId, string ClientMessageId, string Type, string? Text, object? Upload, long? ReplyToSeq, bool Recalled,
    DateTimeOffset CreatedAt, long Position);

public sealed record MessagePageDto(MessageDto[] Items, bool HasMore);

public sealed record LastMessageDto(long Seq, Guid SenderId, string Type, string? Preview, bool Recalled, DateTimeOffset CreatedAt);

public sealed record ListItemDto(Guid Id, string Type, string? Name, int MemberCount, LastMessageDto? LastMessage, long UnreadCount, long LastReadSeq, DateTimeOffset UpdatedAt);

public sealed record ListDto(ListItemDto[] Items, string? NextCursor);

/// <summary>A clock the tests move forward (the recall window), on top of the real time.</summary>
public sealed class TestClock : IClock
{
    public TimeSpan Offset { get; set; }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset;
}

/// <summary>The Api with a movable clock and one admin (projection rebuilds).</summary>
public sealed class ConversationsApiFactory : ApiFactory
{
    public TestClock Clock { get; } = new();

    public string AdminUsername { get; } = ApiClientExtensions.UniqueName("cadmin");

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["ADMIN_USERNAMES"] = AdminUsername };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
    }
}

/// <summary>Friends, conversations and messages for the conversation tests.</summary>
public static class ConversationTestKit
{
    /// <summary>
    /// Makes two users friends by appending the pair's events with the store, as accepting a request does
    /// (request sent, accepted, and the direct conversation started in the same append). Not through the friends
    /// routes (their tests are in Friends/): one append instead of two requests and two read-your-writes waits per
    /// pair, and the groups of 500 members need 500 friendships.
    /// </summary>
    public static async Task<long> MakeFriendsAsync(Guid a, Guid b, bool withConversation = true)
    {
        var result = await TestEventLog.Store.AppendAsync(FriendAppends(a, b, withConversation), CancellationToken.None);
        return result.LastPosition;
    }

    /// <summary>Makes <paramref name="owner"/> a friend of each of <paramref name="others"/> (no direct conversations), in appends of 100 pairs.</summary>
    public static async Task MakeFriendsWithAllAsync(Guid owner, IReadOnlyList<Guid> others)
    {
        foreach (var chunk in others.Chunk(100))
        {
            await TestEventLog.Store.AppendAsync(chunk.SelectMany(o => FriendAppends(owner, o, withConversation: false)).ToArray(), CancellationToken.None);
        }
    }

    public static async Task<long> BlockAsync(Guid blocker, Guid blocked)
    {
        var pair = FriendPair.Of(new UserId(blocker), new UserId(blocked));
        var result = await TestEventLog.Store.AppendAsync(
            pair.Stream, [EventToAppend.New(new UserBlocked(blocker, blocked, DateTimeOffset.UtcNow), EventMetadata.Empty)], ExpectedVersion.Any, CancellationToken.None);
        return result.LastPosition;
    }

    private static StreamAppend[] FriendAppends(Guid a, Guid b, bool withConversation)
    {
        var pair = FriendPair.Of(new UserId(a), new UserId(b));
        var conversation = ConversationId.ForDirect(new UserId(a), new UserId(b));
        var now = DateTimeOffset.UtcNow;
        var request = Guid.CreateVersion7();
        var appends = new List<StreamAppend>
        {
            new(pair.Stream, ExpectedVersion.NoStream,
            [
                EventToAppend.New(new FriendRequestSent(request, a, b, string.Empty, now), EventMetadata.Empty),
                EventToAppend.New(new FriendRequestAccepted(request, a, b, conversation.Value, now), EventMetadata.Empty),
            ]),
        };
        if (withConversation)
        {
            var (first, second) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
            appends.Add(new(conversation.Stream, ExpectedVersion.NoStream, [EventToAppend.New(new DirectConversationStarted(conversation.Value, first, second, now), EventMetadata.Empty)]));
        }

        return [.. appends];
    }

    public static Guid DirectId(Guid a, Guid b) => ConversationId.ForDirect(new UserId(a), new UserId(b)).Value;

    public static async Task<ConversationDto> CreateGroupAsync(this HttpClient client, string name, params Guid[] memberIds)
    {
        using var response = await client.PostAsJsonAsync("/api/conversations", new { type = "group", name, memberIds });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<ConversationDto>())!;
    }

    public static Task<HttpResponseMessage> PostMessageAsync(this HttpClient client, Guid conversationId, string text, string? clientMessageId = null, long? replyToSeq = null) =>
        client.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new { clientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N"), type = "text", text, replyToSeq });

    public static async Task<MessageDto> SendAsync(this HttpClient client, Guid conversationId, string text, string? clientMessageId = null)
    {
        using var response = await client.PostMessageAsync(conversationId, text, clientMessageId);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<MessageDto>())!;
    }

    /// <summary>Awaits a call, asserts its problem answer and disposes the response.</summary>
    public static async Task<System.Text.Json.JsonElement> ShouldFailAsync(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var response = await call;
        return await response.ShouldBeProblemAsync(status);
    }

    public static async Task<T> GetOkAsync<T>(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task<long> MarkReadAsync(this HttpClient client, Guid conversationId, long seq)
    {
        using var response = await client.PostAsJsonAsync($"/api/conversations/{conversationId}/read", new { seq });
        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        return long.Parse(response.Headers.GetValues("X-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Appends <paramref name="count"/> messages of <paramref name="sender"/> straight to the messages stream (fast setup for paging).</summary>
    public static async Task<long> AppendMessagesAsync(Guid conversationId, Guid sender, int count)
    {
        var stream = new ConversationId(conversationId).MessagesStream;
        long position = 0;
        foreach (var chunk in Enumerable.Range(1, count).Chunk(500))
        {
            var events = chunk.Select(i =>
            {
                var id = Guid.CreateVersion7();
                return new EventToAppend(id, new MessageSent(conversationId, id, sender, $"bulk-{i}", "text", $"message {i}", null, null, DateTimeOffset.UtcNow), EventMetadata.Empty);
            }).ToArray();
            position = (await TestEventLog.Store.AppendAsync(stream, events, ExpectedVersion.Any, CancellationToken.None)).LastPosition;
        }

        return position;
    }

    public static StreamName MessagesStream(Guid conversationId) => new ConversationId(conversationId).MessagesStream;
}
