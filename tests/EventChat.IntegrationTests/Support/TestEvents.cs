namespace EventChat.IntegrationTests.Support;

/// <summary>Events of a small counter aggregate, used to exercise the store without any feature's events.</summary>
public sealed record CounterIncremented(int By, string Note);

public sealed record CounterRenamed(string Name);

public sealed record CounterState(string Name, int Total, int Increments)
{
    public static CounterState Initial { get; } = new(string.Empty, 0, 0);

    public static CounterState Evolve(CounterState state, object @event) => @event switch
    {
        CounterIncremented e => state with { Total = state.Total + e.By, Increments = state.Increments + 1 },
        CounterRenamed e => state with { Name = e.Name },
        _ => state,
    };
}
