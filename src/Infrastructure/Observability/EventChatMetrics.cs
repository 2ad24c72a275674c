using Prometheus;

namespace EventChat.Infrastructure.Observability;

/// <summary>
/// Every Prometheus instrument of an EventChat process, in one registry of its own (served at <c>GET /metrics</c>).
/// A registry per process object rather than prometheus-net's static default: tests host several Apis in one
/// process, and each must count only its own requests. The names and labels are the ones the alert rules
/// (docker/prometheus/alerts.yml) and the dashboard use; change them together.
/// </summary>
public sealed class EventChatMetrics
{
    /// <summary>Request durations: fine below a second, and 3 s as a bound of its own (the p95 alert's threshold).</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

    /// <summary>Events per group-commit batch: 1 when idle, up to the writer's limit of 2,000 under load.</summary>
    private static readonly double[] BatchBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

    private readonly Counter _httpRequests;
    private readonly Histogram _httpDuration;
    private readonly Counter _appends;
    private readonly Counter _events;
    private readonly Counter _batches;
    private readonly Histogram _batchEvents;
    private readonly Histogram _batchAppends;
    private readonly Counter _messagesSent;
    private readonly Counter _uploadsStored;
    private readonly Counter _rateLimitRejections;
    private readonly Gauge _signalRConnections;
    private readonly Gauge _projectionPosition;
    private readonly Gauge _projectionHead;
    private readonly Gauge _projectionLag;
    private readonly Gauge _projectionLagSeconds;
    private readonly Gauge _projectionParked;
    private readonly Counter _backups;
    private readonly Gauge _lastBackup;

    public EventChatMetrics()
    {
        Registry = Metrics.NewCustomRegistry();

        // process_cpu_seconds_total, process_working_set_bytes, dotnet_total_memory_bytes, GC counts: the same set
        // prometheus-net gives its default registry.
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);

        _httpRequests = factory.CreateCounter(
            "http_requests_total", "HTTP requests answered, by method, route template and status code.", "method", "route", "status_code");
        _httpDuration = factory.CreateHistogram(
            "http_request_duration_seconds",
            "Time from the request's arrival to its answer, by method, route template and status code.",
            new HistogramConfiguration { LabelNames = ["method", "route", "status_code"], Buckets = DurationBuckets });

        _appends = factory.CreateCounter(
            "eventchat_event_appends_total",
            "Appends (one command's atomic append) by result: committed, idempotent (a repeat answered with the original), conflict, failed.",
            "result");
        _events = factory.CreateCounter("eventchat_events_appended_total", "Events committed to the event store, by stored event type.", "type");
        _batches = factory.CreateCounter("eventchat_event_store_batches_total", "Group-commit transactions that committed events.");
        _batchEvents = factory.CreateHistogram(
            "eventchat_event_store_batch_events", "Events per group-commit transaction.", new HistogramConfiguration { Buckets = BatchBuckets });
        _batchAppends = factory.CreateHistogram(
            "eventchat_event_store_batch_appends", "Appends coalesced into one group-commit transaction.", new HistogramConfiguration { Buckets = BatchBuckets });

        _messagesSent = factory.CreateCounter("eventchat_messages_sent_total", "Chat messages committed (idempotent resends not counted).");
        _uploadsStored = factory.CreateCounter("eventchat_uploads_stored_total", "Uploads stored in the object store and recorded.");
        _rateLimitRejections = factory.CreateCounter(
            "eventchat_rate_limit_rejections_total", "Requests refused with 429 by the rate limiter, by route class (auth, write).", "policy");
        _signalRConnections = factory.CreateGauge("eventchat_signalr_connections", "SignalR connections open on this instance.");

        _projectionPosition = factory.CreateGauge("eventchat_projection_position", "Last position a projection applied (its checkpoint).", "projection");
        _projectionHead = factory.CreateGauge("eventchat_projection_head_position", "Last position of the event log.", "projection");
        _projectionLag = factory.CreateGauge("eventchat_projection_lag_events", "Events of the log a projection has not applied yet.", "projection");
        _projectionLagSeconds = factory.CreateGauge(
            "eventchat_projection_lag_seconds", "Age of the oldest event a projection has not applied yet (0 when caught up).", "projection");
        _projectionParked = factory.CreateGauge("eventchat_projection_parked_events", "Events a projection could not apply and parked.", "projection");

        _backups = factory.CreateCounter("eventchat_backups_total", "Backup runs by result (succeeded, failed).", "result");
        _lastBackup = factory.CreateGauge("eventchat_backup_last_success_timestamp_seconds", "Unix time of the last backup that succeeded in this process.");
    }

    public CollectorRegistry Registry { get; }

    public void HttpRequestFinished(string method, string route, int statusCode, TimeSpan elapsed)
    {
        var status = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _httpRequests.WithLabels(method, route, status).Inc();
        _httpDuration.WithLabels(method, route, status).Observe(elapsed.TotalSeconds);
    }

    /// <summary>One group-commit transaction that committed: its appends and the stored type of each event.</summary>
    public void BatchCommitted(int appends, IEnumerable<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        var count = 0;
        foreach (var type in eventTypes)
        {
            count++;
            _events.WithLabels(type).Inc();

            // Counted from what committed, not from requests: a retried send or upload counts once.
            if (type.StartsWith("conversation.message-sent.", StringComparison.Ordinal))
            {
                _messagesSent.Inc();
            }
            else if (type.StartsWith("upload.stored.", StringComparison.Ordinal))
            {
                _uploadsStored.Inc();
            }
        }

        _batches.Inc();
        _batchEvents.Observe(count);
        _batchAppends.Observe(appends);
    }

    /// <summary>Appends answered without writing (committed ones are counted here too, by their writer).</summary>
    public void AppendsFinished(string result, int count)
    {
        if (count > 0)
        {
            _appends.WithLabels(result).Inc(count);
        }
    }

    public void RateLimitRejected(string policy) => _rateLimitRejections.WithLabels(policy).Inc();

    /// <summary>For the SignalR hub's <c>OnConnectedAsync</c>.</summary>
    public void SignalRConnectionOpened() => _signalRConnections.Inc();

    /// <summary>For the SignalR hub's <c>OnDisconnectedAsync</c>.</summary>
    public void SignalRConnectionClosed() => _signalRConnections.Dec();

    public void ProjectionObserved(string projection, long position, long head, double lagSeconds, long parked)
    {
        _projectionPosition.WithLabels(projection).Set(position);
        _projectionHead.WithLabels(projection).Set(head);
        _projectionLag.WithLabels(projection).Set(Math.Max(0, head - position));
        _projectionLagSeconds.WithLabels(projection).Set(lagSeconds);
        _projectionParked.WithLabels(projection).Set(parked);
    }

    public void BackupFinished(bool succeeded, DateTimeOffset at)
    {
        _backups.WithLabels(succeeded ? "succeeded" : "failed").Inc();
        if (succeeded)
        {
            _lastBackup.Set(at.ToUnixTimeMilliseconds() / 1000.0);
        }
    }
}
