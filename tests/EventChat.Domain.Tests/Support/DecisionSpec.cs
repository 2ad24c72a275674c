namespace EventChat.Domain.Tests.Support;

/// <summary>
/// Given/When/Then for the pure decisions of one aggregate:
/// <c>spec.Given(history).When(state =&gt; Decide(state, …)).Then(expected events)</c>, or <c>.ThenNothing()</c>,
/// or <c>.ThenRejects&lt;TException&gt;()</c>. The history is folded with the aggregate's own <c>Evolve</c>, so a test
/// states what happened, not a state built by hand. Events are compared member by member, in order, with their
/// runtime types (records holding lists compare the lists' items).
/// </summary>
public sealed class DecisionSpec<TState>(TState initial, Func<TState, object, TState> evolve)
{
    public GivenState<TState> Given(params object[] history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new GivenState<TState>(history.Aggregate(initial, evolve), evolve);
    }
}

/// <summary>The state folded from a history, before a decision.</summary>
public sealed class GivenState<TState>(TState state, Func<TState, object, TState> evolve)
{
    public TState State => state;

    /// <summary>A decision: the state and a command's arguments to the events it decides.</summary>
    public WhenDecision<TState> When(Func<TState, IReadOnlyList<object>> decision) => new(state, evolve, decision);

    /// <summary>A question the aggregate answers without events (such as classifying a presented token).</summary>
    public WhenQuestion<TResult> When<TResult>(Func<TState, TResult> question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new WhenQuestion<TResult>(() => question(state));
    }
}

/// <summary>A decision about to be made on a given state.</summary>
public sealed class WhenDecision<TState>(TState state, Func<TState, object, TState> evolve, Func<TState, IReadOnlyList<object>> decision)
{
    /// <summary>Asserts the decision's events, in order; returns the state they lead to.</summary>
    public TState Then(params object[] expected)
    {
        var events = Decide();
        events.Should().BeEquivalentTo(expected, options => options.WithStrictOrdering().RespectingRuntimeTypes());
        return events.Aggregate(state, evolve);
    }

    /// <summary>Asserts the decision changes nothing (no events).</summary>
    public TState ThenNothing()
    {
        Decide().Should().BeEmpty("the decision has nothing to record");
        return state;
    }

    /// <summary>Asserts the decision refuses with <typeparamref name="TException"/>; returns it for its details.</summary>
    public TException ThenRejects<TException>()
        where TException : Exception
    {
        var act = () => decision(state);
        return act.Should().Throw<TException>("the decision must refuse the command").Which;
    }

    private IReadOnlyList<object> Decide()
    {
        var act = () => decision(state);
        return act.Should().NotThrow("the decision must accept the command").Subject;
    }
}

/// <summary>A question about to be asked of a given state.</summary>
public sealed class WhenQuestion<TResult>(Func<TResult> ask)
{
    public void Then(TResult expected, string because = "")
    {
        var act = ask;
        act.Should().NotThrow().Subject.Should().Be(expected, because);
    }
}
