using System.Text.Json;
using Dapper;
using EventChat.Infrastructure.EventStore;

namespace EventChat.Projections.Audit;

/// <summary>
/// The verify runs behind <c>POST /api/audit/verify</c> and their reports, in <c>audit_verify_reports</c> (MySQL): any Api
/// instance answers <c>GET /api/audit/verify/{jobId}</c> whichever instance ran the job, the report outlives restarts and
/// goes into backups with the database, and Redis (Hangfire's storage, caches that may evict) keeps only the job itself.
/// </summary>
public sealed class VerifyReportStore(MySqlConnectionFactory connections)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A run requested (the job is queued); nothing when the job has already started.</summary>
    public async Task RequestAsync(string jobId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "INSERT IGNORE INTO audit_verify_reports (job_id, status, requested_at) VALUES (@jobId, 'queued', UTC_TIMESTAMP(6))",
            new { jobId },
            cancellationToken);

    /// <summary>The job starts (again, after a retry or a restart): whatever an earlier attempt recorded is cleared.</summary>
    public async Task StartAsync(string jobId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            INSERT INTO audit_verify_reports (job_id, status, requested_at, started_at) VALUES (@jobId, 'running', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE status = 'running', started_at = UTC_TIMESTAMP(6), finished_at = NULL, progress = NULL,
                difference_count = NULL, error = NULL, report = NULL
            """,
            new { jobId },
            cancellationToken);

    public async Task ProgressAsync(string jobId, string progress, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE audit_verify_reports SET progress = @progress WHERE job_id = @jobId AND status = 'running'",
            new { jobId, progress = progress.Length > 300 ? progress[..300] : progress },
            cancellationToken);

    public async Task SucceedAsync(string jobId, VerifyReport report, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            UPDATE audit_verify_reports SET status = 'succeeded', progress = '100%', finished_at = UTC_TIMESTAMP(6),
                difference_count = @count, report = @report
            WHERE job_id = @jobId
            """,
            new { jobId, count = report.DifferenceCount, report = JsonSerializer.Serialize(report, Json) },
            cancellationToken);

    public async Task FailAsync(string jobId, string error, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE audit_verify_reports SET status = 'failed', finished_at = UTC_TIMESTAMP(6), error = @error WHERE job_id = @jobId",
            new { jobId, error = error.Length > 4000 ? error[..4000] : error },
            cancellationToken);

    /// <summary>The run and, once it succeeded, its report; null for a job id never requested here.</summary>
    public async Task<VerifyRun?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT job_id AS JobId, status AS Status, progress AS Progress, requested_at AS RequestedAt, started_at AS StartedAt,
                   finished_at AS FinishedAt, difference_count AS DifferenceCount, error AS Error, report AS Report
            FROM audit_verify_reports WHERE job_id = @jobId
            """,
            new { jobId },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var report = row.Report is null ? null : JsonSerializer.Deserialize<VerifyReport>(row.Report, Json);
        return new VerifyRun(
            row.JobId, row.Status, row.Progress, Utc(row.RequestedAt), row.StartedAt is { } s ? Utc(s) : null, row.FinishedAt is { } f ? Utc(f) : null,
            row.DifferenceCount, row.Error, report?.Seconds, report?.Projections, report?.Differences, report?.NotVerified);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private sealed record Row(
        string JobId, string Status, string? Progress, DateTime RequestedAt, DateTime? StartedAt, DateTime? FinishedAt, long? DifferenceCount, string? Error, string? Report);
}

/// <summary>
/// A verify run as <c>GET /api/audit/verify/{jobId}</c> answers it. <see cref="Status"/>: <c>queued</c>, <c>running</c>
/// (<see cref="Progress"/> says where), <c>succeeded</c> (the report's fields are set) or <c>failed</c> (<see cref="Error"/>).
/// </summary>
public sealed record VerifyRun(
    string JobId,
    string Status,
    string? Progress,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DifferenceCount,
    string? Error,
    double? Seconds,
    IReadOnlyList<ProjectionVerification>? Projections,
    IReadOnlyList<VerifyDifference>? Differences,
    IReadOnlyList<string>? NotVerified);
