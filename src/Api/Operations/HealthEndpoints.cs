using System.Diagnostics;
using System.Text.Json.Serialization;
using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventChat.Api.Operations;

/// <summary>
/// <c>GET /api/health</c> over ASP.NET Core's health checks (one check per dependency, run in parallel, each with
/// its own timeout), written in the contract's JSON shape. Anonymous callers get statuses only; why a dependency
/// is down (exception texts name hosts, users, addresses) and latencies are shown to admins only.
/// </summary>
public sealed class HealthEndpoints : IEndpointGroup
{
    public const string Database = "database";
    public const string Redis = "redis";
    public const string ObjectStorage = "objectStorage";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    /// <summary>One check per dependency, run in parallel, each with its own timeout.</summary>
    public static void AddChecks(IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(Database, timeout: CheckTimeout)
            .AddCheck<RedisHealthCheck>(Redis, timeout: CheckTimeout)
            .AddCheck<ObjectStorageHealthCheck>(ObjectStorage, timeout: CheckTimeout);

    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/health", GetHealthAsync).WithName("GetHealth").WithTags("Operations").AllowAnonymous()
            .WithSummary("MySQL, Redis and object storage, each up or down (reasons for admins only)")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>200 when MySQL, Redis and object storage all answer; 503 naming the failing parts otherwise.</summary>
    private static async Task<IResult> GetHealthAsync(
        HealthCheckService health, IAuthorizationService authorization, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var details = http.User.Identity?.IsAuthenticated == true
            && (await authorization.AuthorizeAsync(http.User, AuthSetup.AdminPolicy)).Succeeded;
        var healthy = report.Status == HealthStatus.Healthy;
        using var process = Process.GetCurrentProcess();
        var body = new HealthResponse(
            Status: healthy ? "ok" : "degraded",
            Timestamp: DateTimeOffset.UtcNow,
            Uptime: Math.Round((DateTimeOffset.UtcNow - StartedAt).TotalSeconds, 3),
            Memory: new MemoryUsage(process.WorkingSet64, GC.GetTotalMemory(false)),
            Database: View(report, Database, details),
            Redis: View(report, Redis, details),
            ObjectStorage: View(report, ObjectStorage, details),
            Failing: report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToArray());
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static DependencyHealthView View(HealthReport report, string name, bool details)
    {
        var entry = report.Entries[name];
        var status = entry.Status == HealthStatus.Healthy ? "up" : "down";
        if (!details)
        {
            return new DependencyHealthView(status);
        }

        var error = entry.Status == HealthStatus.Healthy
            ? null
            : entry.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : entry.Description ?? "down";
        return new DependencyHealthView(status, (long)entry.Duration.TotalMilliseconds, error);
    }
}

public sealed record MemoryUsage(long WorkingSetBytes, long ManagedHeapBytes);

/// <summary>One dependency: <c>status</c> for everyone; <c>latencyMs</c> and <c>error</c> for admins only.</summary>
public sealed record DependencyHealthView(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? LatencyMs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

public sealed record HealthResponse(
    string Status,
    DateTimeOffset Timestamp,
    double Uptime,
    MemoryUsage Memory,
    DependencyHealthView Database,
    DependencyHealthView Redis,
    DependencyHealthView ObjectStorage,
    IReadOnlyList<string> Failing);
