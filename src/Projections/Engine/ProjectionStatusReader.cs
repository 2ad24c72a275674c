namespace EventChat.Projections.Engine;

/// <summary>Status and lag of every projection, as stored (so any process, Api or worker, can answer).</summary>
public sealed class ProjectionStatusReader(ProjectionCheckpoints checkpoints)
{
    public Task<IReadOnlyList<ProjectionStatus>> ReadAsync(CancellationToken cancellationToken) =>
        checkpoints.ReadAllAsync(cancellationToken);
}
