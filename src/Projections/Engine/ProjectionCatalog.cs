namespace EventChat.Projections.Engine;

/// <summary>Every registered projection, MySQL and external alike, by name.</summary>
public sealed class ProjectionCatalog(IEnumerable<IMySqlProjection> mySqlProjections, IEnumerable<IEventProjection> eventProjections)
{
    public IReadOnlyList<IProjection> All { get; } = [.. mySqlProjections, .. eventProjections];

    public IReadOnlyList<string> Names => All.Select(p => p.Name).ToArray();
}
