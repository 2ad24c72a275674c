namespace EventChat.Projections.Engine;

/// <summary>What this process's runner of a projection is doing.</summary>
public enum ProjectionState
{
    Starting,
    Standby,
    Active,
    Faulted,

    /// <summary>Stopped at a parked event by its <see cref="PoisonPolicy.StopAndPark"/> policy, until a rebuild.</summary>
    Halted,
    Stopped,
}
