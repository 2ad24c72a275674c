using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventChat.Bench.Harness;

namespace EventChat.Bench.Messages;

/// <summary>
/// What a user sees when they send and at once read their conversation back: one more member, beside the level's
/// senders, sends a message, then reads it with <c>minPosition</c> set to the send's position (the page must hold
/// it), and again. The figure is the read's time, which includes the wait for the projections to reach the send.
/// Only reads begun inside the measuring window count.
/// </summary>
public sealed class ReadYourWritesProbe(Uri baseAddress, string token, Guid conversation) : ILevelProbe
{
    private readonly List<(DateTime At, double Milliseconds)> _reads = [];
    private readonly CancellationTokenSource _stop = new();
    private HttpClient? _client;
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _loop = Task.Run(() => LoopAsync(_client, _stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyDictionary<string, double>> StopAsync(MeasuredWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await _stop.CancelAsync();
        await _loop!;
        var reads = _reads.Where(r => window.Contains(r.At)).Select(r => r.Milliseconds).Order().ToList();
        return new Dictionary<string, double>
        {
            ["read own send p50 ms"] = Percentile(reads, 0.50),
            ["read own send p99 ms"] = Percentile(reads, 0.99),
            ["read own send reads"] = reads.Count,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _client?.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(HttpClient client, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var sent = await client.PostAsJsonAsync(
                    $"api/conversations/{conversation}/messages", new { clientMessageId = Guid.NewGuid().ToString("N"), type = "text", text = "read it back" }, stop);
                var message = await BenchHttp.ReadAsync<SentMessage>(sent, HttpStatusCode.Created, stop);
                var at = DateTime.UtcNow;
                var started = Stopwatch.GetTimestamp();
                var page = await client.GetFromJsonAsync<MessagePage>(
                    string.Create(CultureInfo.InvariantCulture, $"api/conversations/{conversation}/messages?afterSeq={message.Seq - 1}&limit=1&minPosition={message.Position}"), stop);
                var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (page is not { Items: [var read] } || read.Seq != message.Seq)
                {
                    throw new InvalidOperationException($"the read with minPosition={message.Position} did not return seq {message.Seq}");
                }

                lock (_reads)
                {
                    _reads.Add((at, took));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed record SentMessage(long Seq, long Position);

    private sealed record MessagePage(SentMessage[] Items);
}
