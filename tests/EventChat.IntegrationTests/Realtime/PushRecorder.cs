using System.Collections.Concurrent;
using System.Text.Json;
using EventChat.Application.Abstractions.Realtime;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace EventChat.IntegrationTests.Realtime;

/// <summary>One push as a client received it.</summary>
public sealed record ReceivedPush(string Method, JsonElement Payload)
{
    public Guid IdAt(string property) => Payload.GetProperty(property).GetGuid();

    public long NumberAt(string property) => Payload.GetProperty(property).GetInt64();
}

/// <summary>A real SignalR client connection to <c>/hubs/chat</c> that records every server-to-client method of the contract.</summary>
public sealed class PushRecorder : IAsyncDisposable
{
    private static readonly string[] Methods =
    [
        ChatMethods.MessageCreated, ChatMethods.MessageRecalled, ChatMethods.ConversationRead, ChatMethods.ConversationUpdated,
        ChatMethods.FriendRequestReceived, ChatMethods.FriendRequestAccepted, ChatMethods.FriendRequestRejected, ChatMethods.Typing, ChatMethods.Presence,
    ];

    private readonly ConcurrentQueue<ReceivedPush> _received = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PushRecorder(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in Methods)
        {
            connection.On<JsonElement>(method, payload => _received.Enqueue(new ReceivedPush(method, payload)));
        }

        connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Completes when the server closes the connection.</summary>
    public Task Closed => _closed.Task;

    public IReadOnlyList<ReceivedPush> Received => [.. _received];

    public static HubConnection Build(Uri baseAddress, string? accessToken, bool tokenInQuery = true)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/chat"), options =>
            {
                // WebSockets only, as a browser would mostly connect; the token goes as the access_token query parameter
                // (what browsers must do), or as the Authorization header.
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (accessToken is not null && tokenInQuery)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
                else if (accessToken is not null)
                {
                    options.Headers["Authorization"] = "Bearer " + accessToken;
                }
            })
            .Build();
    }

    public static async Task<PushRecorder> ConnectAsync(Uri baseAddress, string accessToken, bool tokenInQuery = true)
    {
        var recorder = new PushRecorder(Build(baseAddress, accessToken, tokenInQuery));
        await recorder.Connection.StartAsync();

        // StartAsync returns at the handshake, before the server has put the connection in its user group. A hub
        // method runs only after that (and after OnConnectedAsync), so one round trip makes the connection ready:
        // typing in a conversation the caller is not in is refused.
        var notMine = () => recorder.Connection.InvokeAsync("Typing", Guid.NewGuid());
        await notMine.Should().ThrowAsync<HubException>().WithMessage("*Conversation not found*");
        return recorder;
    }

    public IReadOnlyList<ReceivedPush> Of(string method, Func<ReceivedPush, bool>? where = null) =>
        Received.Where(p => p.Method == method && (where is null || where(p))).ToArray();

    /// <summary>Waits until a push of <paramref name="method"/> matching <paramref name="where"/> arrived, and returns it.</summary>
    public async Task<ReceivedPush> WaitForAsync(string method, Func<ReceivedPush, bool> where, string because)
    {
        await Deadline.WaitUntilAsync(() => Of(method, where).Count > 0, TimeSpan.FromSeconds(15), because);
        return Of(method, where)[0];
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
