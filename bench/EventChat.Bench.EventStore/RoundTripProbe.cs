using System.Net;
using System.Net.Sockets;

namespace EventChat.Bench.EventStore;

/// <summary>
/// A TCP relay between the client and the database that counts round trips: each time the client sends
/// after the server last spoke on that connection is one client-to-server flight (pipelined requests sent
/// together count once). Used only for a few hundred sequential operations, never for the timed runs.
/// </summary>
public sealed class RoundTripProbe : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private Task _acceptLoop = Task.CompletedTask;
    private long _clientFlights;

    public RoundTripProbe(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long ClientFlights => Interlocked.Read(ref _clientFlights);

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync(_stop.Token);
    }

    public void Reset() => Interlocked.Exchange(ref _clientFlights, 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays);
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when ((ex is SocketException or ObjectDisposedException or OperationCanceledException) && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var relay = RelayAsync(client, cancellationToken);
            lock (_relays)
            {
                _relays.Add(relay);
            }
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(_targetHost, _targetPort, cancellationToken);
                var state = new Direction();
                var toServer = PumpAsync(client.GetStream(), server.GetStream(), fromClient: true, state, cancellationToken);
                var toClient = PumpAsync(server.GetStream(), client.GetStream(), fromClient: false, state, cancellationToken);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The relay ends when either side closes; nothing to report.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromClient, Direction state, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                lock (state)
                {
                    if (fromClient && !state.ClientSpokeLast)
                    {
                        Interlocked.Increment(ref _clientFlights);
                    }

                    state.ClientSpokeLast = fromClient;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by the other pump or at shutdown.
        }
    }

    private sealed class Direction
    {
        public bool ClientSpokeLast { get; set; }
    }
}
