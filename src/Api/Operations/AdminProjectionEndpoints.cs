using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using EventChat.Projections.Engine;
using EventChat.Projections.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventChat.Api.Operations;

/// <summary><c>/api/admin/projections</c>: status, lag and parked events of each projection, and rebuilds (admins only).</summary>
public sealed class AdminProjectionEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/projections").WithTags("Administration").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapGet("/", ListAsync).WithName("ListProjections")
            .WithSummary("Each projection's position, the log head, lag, status, last error and parked events").ProducesProblem(403);
        admin.MapPost("/{name}/rebuild", Rebuild).WithName("RebuildProjection")
            .WithSummary("Enqueue a rebuild (a Hangfire job): the live read model serves until the rebuilt one takes over").ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<Ok<IReadOnlyList<ProjectionView>>> ListAsync(
        ProjectionStatusReader statuses, ProjectionCatalog projections, ProjectionCheckpoints checkpoints, CancellationToken cancellationToken)
    {
        var names = projections.Names.ToHashSet(StringComparer.Ordinal);
        var views = new List<ProjectionView>();
        foreach (var status in (await statuses.ReadAsync(cancellationToken)).Where(s => names.Contains(s.Name)))
        {
            var parked = status.ParkedEvents == 0 ? [] : await checkpoints.ReadParkedAsync(status.Name, cancellationToken);
            views.Add(new ProjectionView(status.Name, status.Position, status.HeadPosition, status.Lag, status.Status, status.LastError, parked));
        }

        return TypedResults.Ok<IReadOnlyList<ProjectionView>>(views);
    }

    private static Results<Accepted<RebuildAccepted>, ProblemHttpResult> Rebuild(string name, ProjectionRebuilder rebuilder, IBackgroundJobClient jobs)
    {
        if (!rebuilder.CanRebuild(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no projection named '{name}' to rebuild.");
        }

        var jobId = jobs.Enqueue<ProjectionRebuildJob>(job => job.RunAsync(name, null, CancellationToken.None));
        return TypedResults.Accepted($"/hangfire/jobs/details/{jobId}", new RebuildAccepted(jobId));
    }
}

public sealed record ProjectionView(string Name, long Position, long HeadPosition, long Lag, string Status, string? LastError, IReadOnlyList<ParkedEvent> ParkedEvents);

public sealed record RebuildAccepted(string JobId);
