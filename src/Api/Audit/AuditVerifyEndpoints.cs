using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using EventChat.Projections.Audit;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Audit;

/// <summary>
/// <c>POST /api/audit/verify</c>: replays the log into scratch read models and compares them with the live ones, row by
/// row (a Hangfire job, <see cref="VerifyJob"/>); <c>GET /api/audit/verify/{jobId}</c>: the run's status, progress and,
/// once done, its report. Auditors and admins only.
/// </summary>
public sealed class AuditVerifyEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var verify = api.MapGroup("/audit/verify").WithTags("Audit")
            .RequireAuthorization(AuthSetup.AuditorPolicy);
        verify.MapPost("/", RequestAsync).WithName("VerifyReadModels")
            .WithSummary("Enqueue a verify (a Hangfire job): every MySQL read model replayed from the log and compared with the live one, row by row")
            .ProducesProblem(401).ProducesProblem(403);
        verify.MapGet("/{jobId}", ReadAsync).WithName("GetVerifyReport")
            .WithSummary("A verify's status (queued, running, succeeded, failed), progress and, once succeeded, every difference found")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<Accepted<VerifyAccepted>> RequestAsync(HttpContext http, IBackgroundJobClient jobs, VerifyReportStore reports, CancellationToken cancellationToken)
    {
        var jobId = jobs.Enqueue<VerifyJob>(job => job.RunAsync(null, CancellationToken.None));
        try
        {
            await reports.RequestAsync(jobId, cancellationToken);
        }
        catch
        {
            // No report row (MySQL down: the client gets a 503): no job either, or a retry would queue a second verify.
            jobs.Delete(jobId);
            throw;
        }

        return TypedResults.Accepted($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{Uri.EscapeDataString(jobId)}", new VerifyAccepted(jobId));
    }

    private static async Task<Results<Ok<VerifyRun>, ProblemHttpResult>> ReadAsync(string jobId, VerifyReportStore reports, CancellationToken cancellationToken)
    {
        var run = jobId.Length <= 100 ? await reports.ReadAsync(jobId, cancellationToken) : null;
        return run is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no verify job '{jobId}'.")
            : TypedResults.Ok(run);
    }
}

public sealed record VerifyAccepted(string JobId);
