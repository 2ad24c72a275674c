using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventChat.Bench.Harness;

/// <summary>
/// A minimal HTTP/1.1 client on one kept-alive socket, for generating load: the caller hands over a request's bytes
/// (<see cref="Request"/>) and gets the status and body back, one request at a time. The load generator shares the
/// machine with the Api under test; with this instead of HttpClient the messaging benchmark's process spent about a
/// quarter less CPU per message (docs/benchmarks.md). It reads what Kestrel sends (a <c>Content-Length</c> or a chunked
/// body, <c>Connection: close</c>) and fails on anything else.
/// </summary>
public sealed class LeanHttpConnection(Uri baseAddress) : IAsyncDisposable
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    private readonly ArrayBufferWriter<byte> _chunkedBody = new();
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _length;

    /// <summary>
    /// The bytes of one request: request line, <c>Host</c>, the given headers, <c>Content-Length</c> and the body. Make it
    /// once and change fixed-length parts of the body in place between sends.
    /// </summary>
    public static byte[] Request(string method, Uri baseAddress, string pathAndQuery, IEnumerable<(string Name, string Value)> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(headers);
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(baseAddress.Authority).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the whole answer. The body is valid until the next call. A broken or
    /// closed connection is opened again for the next request, not retried: the failure is the caller's to count.
    /// </summary>
    public async ValueTask<LeanHttpResponse> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        try
        {
            _socket ??= await ConnectAsync(cancellationToken);
            for (var sent = 0; sent < request.Length;)
            {
                sent += await _socket.SendAsync(request[sent..], SocketFlags.None, cancellationToken);
            }

            _length = 0;
            int headerLength;
            while ((headerLength = _buffer.AsSpan(0, _length).IndexOf(HeaderEnd)) < 0)
            {
                await ReceiveAsync(cancellationToken);
            }

            var (status, contentLength, chunked, close) = ParseHead(_buffer.AsSpan(0, headerLength));
            var bodyStart = headerLength + HeaderEnd.Length;
            ReadOnlyMemory<byte> body;
            if (chunked)
            {
                body = await ReadChunkedAsync(bodyStart, cancellationToken);
            }
            else
            {
                while (_length - bodyStart < contentLength)
                {
                    await ReceiveAsync(cancellationToken);
                }

                body = _buffer.AsMemory(bodyStart, contentLength);
            }

            if (close)
            {
                Close();
            }

            return new LeanHttpResponse(status, body);
        }
        catch
        {
            Close();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(baseAddress.Host, baseAddress.Port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private async ValueTask ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_length), SocketFlags.None, cancellationToken);
        _length += read > 0 ? read : throw new IOException("The server closed the connection before the answer ended.");
    }

    private static (int Status, int ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 201 Created"
        var lineEnd = head.IndexOf(CrLf);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1.1 "u8) || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out _))
        {
            throw new IOException($"Not an HTTP/1.1 status line: '{Encoding.ASCII.GetString(statusLine)}'.");
        }

        var contentLength = 0;
        bool chunked = false, close = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + CrLf.Length)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(CrLf);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + CrLf.Length)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                contentLength = Utf8Parser.TryParse(value, out int length, out _) ? length : throw new IOException("Bad Content-Length.");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8) ? true : throw new IOException($"Transfer-Encoding '{Encoding.ASCII.GetString(value)}' is not read here.");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }

        return (status, contentLength, chunked, close);
    }

    // Chunks: "<hex size>[;extensions]\r\n<data>\r\n", ended by a zero-size chunk and an empty trailer line.
    private async ValueTask<ReadOnlyMemory<byte>> ReadChunkedAsync(int offset, CancellationToken cancellationToken)
    {
        _chunkedBody.ResetWrittenCount();
        while (true)
        {
            int sizeEnd;
            while ((sizeEnd = _buffer.AsSpan(offset, _length - offset).IndexOf(CrLf)) < 0)
            {
                await ReceiveAsync(cancellationToken);
            }

            var sizeText = _buffer.AsSpan(offset, sizeEnd);
            var extension = sizeText.IndexOf((byte)';');
            if (!Utf8Parser.TryParse(extension < 0 ? sizeText : sizeText[..extension], out int size, out _, 'x'))
            {
                throw new IOException("Bad chunk size.");
            }

            offset += sizeEnd + CrLf.Length;
            while (_length - offset < size + CrLf.Length)
            {
                await ReceiveAsync(cancellationToken);
            }

            if (size == 0)
            {
                return _chunkedBody.WrittenMemory;
            }

            _chunkedBody.Write(_buffer.AsSpan(offset, size));
            offset += size + CrLf.Length;
        }
    }
}

/// <summary>An answer read by <see cref="LeanHttpConnection"/>; the body is valid until the connection's next request.</summary>
public readonly record struct LeanHttpResponse(int StatusCode, ReadOnlyMemory<byte> Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body.Span);
}
