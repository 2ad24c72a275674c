using System.Diagnostics;
using EventChat.Infrastructure.Health;

namespace EventChat.Api.Health;

public static class HealthEndpoints
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public static RouteGroupBuilder MapHealthEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/health", GetHealthAsync).WithName("GetHealth").WithTags("Operations").AllowAnonymous()
            .WithSummary("MySQL, Redis and object storage, each up or down")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    /// <summary>200 when MySQL, Redis and object storage all answer; 503 naming the failing parts otherwise.</summary>
    private static async Task<IResult> GetHealthAsync(DependencyHealth health, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        using var process = Process.GetCurrentProcess();
        var body = new HealthResponse(
            Status: report.IsHealthy ? "ok" : "degraded",
            Timestamp: DateTimeOffset.UtcNow,
            Uptime: Math.Round((DateTimeOffset.UtcNow - StartedAt).TotalSeconds, 3),
            Memory: new MemoryUsage(process.WorkingSet64, GC.GetTotalMemory(false)),
            Database: report.Database,
            Redis: report.Redis,
            ObjectStorage: report.ObjectStorage,
            Failing: report.FailingParts);
        return Results.Json(body, statusCode: report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record MemoryUsage(long WorkingSetBytes, long ManagedHeapBytes);

public sealed record HealthResponse(
    string Status,
    DateTimeOffset Timestamp,
    double Uptime,
    MemoryUsage Memory,
    DependencyStatus Database,
    DependencyStatus Redis,
    DependencyStatus ObjectStorage,
    IReadOnlyList<string> Failing);
