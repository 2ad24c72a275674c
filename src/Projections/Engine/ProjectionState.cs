namespace EventChat.Projections.Engine;

/// <summary>What this process's runner of a projection is doing.</summary>
public enum ProjectionState
{
    Starting,
    Standby,
    Active,
    Faulted,
    Stopped,
}
