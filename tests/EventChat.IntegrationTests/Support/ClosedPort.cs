using System.Net;
using System.Net.Sockets;

namespace EventChat.IntegrationTests.Support;

/// <summary>
/// A loopback port where nothing answers, for as long as this lives: the port is bound but never listened on, so a
/// connection is refused at once, and no other test (an Api child process on a "free" port) can take it meanwhile.
/// A port that was free a moment ago is not enough: a dump client connecting to someone's HTTP server waits for a
/// MySQL greeting instead of failing.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
