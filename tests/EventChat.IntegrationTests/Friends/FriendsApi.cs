using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EventChat.Domain.Accounts;
using EventChat.Domain.Friends;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Friends;

public sealed record FriendRequestDto(Guid Id, Guid FromUserId, Guid ToUserId, string Message, string Status, DateTimeOffset CreatedAt, long Position);

public sealed record FriendDto(Guid UserId, string Username, string Nickname, string? AvatarUrl, string? Remark, DateTimeOffset Since, Guid ConversationId);

public sealed record BlockedUserDto(Guid UserId, string Username, string Nickname, string? AvatarUrl, DateTimeOffset BlockedAt);

public sealed record PageDto<T>(T[] Items, string? NextCursor);

/// <summary>A signed-in test user of the friends routes.</summary>
public sealed class FriendsUser(HttpClient client, RegisteredUserDto user) : IDisposable
{
    public HttpClient Client => client;

    public Guid Id => user.Id;

    public string Username => user.Username;

    public static async Task<FriendsUser> SignUpAsync(ApiFactory factory)
    {
        var (client, user, _) = await factory.SignedInUserAsync(ApiClientExtensions.UniqueName("fr"));
        return new FriendsUser(client, user);
    }

    public Task<HttpResponseMessage> RequestAsync(Guid toUserId, string? message = null) =>
        client.PostAsJsonAsync("/api/friend-requests", new { toUserId, message });

    public async Task<FriendRequestDto> SendRequestAsync(FriendsUser to, string? message = null)
    {
        using var response = await RequestAsync(to.Id, message);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<FriendRequestDto>())!;
    }

    public Task<HttpResponseMessage> AnswerAsync(Guid requestId, string verb) =>
        client.PostAsync(new Uri($"/api/friend-requests/{requestId}/{verb}", UriKind.Relative), null);

    public async Task<FriendRequestDto> AnswerOkAsync(Guid requestId, string verb)
    {
        using var response = await AnswerAsync(requestId, verb);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<FriendRequestDto>())!;
    }

    public async Task<PageDto<FriendRequestDto>> RequestsAsync(string direction, string status, long minPosition, string extra = "") =>
        (await client.GetFromJsonAsync<PageDto<FriendRequestDto>>(
            $"/api/friend-requests?direction={direction}&status={status}&minPosition={minPosition}{extra}"))!;

    public async Task<PageDto<FriendDto>> FriendsAsync(long minPosition, string extra = "") =>
        (await client.GetFromJsonAsync<PageDto<FriendDto>>($"/api/friends?minPosition={minPosition}{extra}"))!;

    public async Task<PageDto<BlockedUserDto>> BlocksAsync(long minPosition, string extra = "") =>
        (await client.GetFromJsonAsync<PageDto<BlockedUserDto>>($"/api/blocks?minPosition={minPosition}{extra}"))!;

    public void Dispose() => client.Dispose();

    public static FriendPair PairOf(FriendsUser a, FriendsUser b) => FriendPair.Of(new UserId(a.Id), new UserId(b.Id));

    public static long PositionOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Position").Single(), CultureInfo.InvariantCulture);
}
