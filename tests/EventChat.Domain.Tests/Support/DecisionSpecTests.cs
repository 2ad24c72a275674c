using Xunit.Sdk;

namespace EventChat.Domain.Tests.Support;

/// <summary>The Given/When/Then helper fails when it should: a helper that cannot fail proves nothing.</summary>
public sealed class DecisionSpecTests
{
    private sealed record Counted(int By);

    private sealed record Tagged(IReadOnlyList<string> Tags);

    private static readonly DecisionSpec<int> Counter = new(0, (total, e) => e is Counted c ? total + c.By : total);

    private static IReadOnlyList<object> Add(int total, int by) =>
        by > 0 ? [new Counted(by)] : by == 0 ? [] : throw new InvalidOperationException("negative");

    [Fact]
    public void Given_folds_the_history_and_Then_returns_the_state_after_the_events()
    {
        Counter.Given(new Counted(2), new Counted(3)).State.Should().Be(5);
        Counter.Given(new Counted(2)).When(total => Add(total, 4)).Then(new Counted(4)).Should().Be(6);
        Counter.Given().When(total => total * 10).Then(0);
    }

    [Fact]
    public void Then_fails_on_other_events_on_other_order_and_on_a_rejection()
    {
        var other = () => Counter.Given().When(total => Add(total, 4)).Then(new Counted(5));
        var order = () => Counter.Given().When(_ => [new Counted(1), new Counted(2)]).Then(new Counted(2), new Counted(1));
        var rejected = () => Counter.Given().When(total => Add(total, -1)).Then(new Counted(1));

        other.Should().Throw<XunitException>();
        order.Should().Throw<XunitException>();
        rejected.Should().Throw<XunitException>().WithMessage("*negative*");
    }

    [Fact]
    public void Then_compares_lists_inside_events_by_their_items()
    {
        var tags = new DecisionSpec<int>(0, (s, _) => s);

        tags.Given().When(_ => [new Tagged(["a", "b"])]).Then(new Tagged(["a", "b"]));
        var different = () => tags.Given().When(_ => [new Tagged(["a", "b"])]).Then(new Tagged(["b", "a"]));
        different.Should().Throw<XunitException>();
    }

    [Fact]
    public void ThenNothing_and_ThenRejects_fail_when_the_decision_does_something_else()
    {
        Counter.Given().When(total => Add(total, 0)).ThenNothing();
        Counter.Given().When(total => Add(total, -1)).ThenRejects<InvalidOperationException>().Message.Should().Be("negative");

        var events = () => Counter.Given().When(total => Add(total, 1)).ThenNothing();
        var accepted = () => Counter.Given().When(total => Add(total, 1)).ThenRejects<InvalidOperationException>();
        var otherRejection = () => Counter.Given().When(total => Add(total, -1)).ThenRejects<ArgumentException>();

        events.Should().Throw<XunitException>();
        accepted.Should().Throw<XunitException>();
        otherRejection.Should().Throw<XunitException>();
    }
}
