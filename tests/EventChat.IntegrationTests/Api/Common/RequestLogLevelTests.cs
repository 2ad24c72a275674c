using EventChat.Api.Common;
using EventChat.IntegrationTests.Support;
using Serilog.Events;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>Which requests get a line at the default level (Information): failures, slow ones and refusals; not quick successes.</summary>
public sealed class RequestLogLevelTests
{
    [Theory]
    [InlineData(200, 3.0, LogEventLevel.Debug)]
    [InlineData(201, 999.9, LogEventLevel.Debug)]
    [InlineData(304, 1.0, LogEventLevel.Debug)]
    [InlineData(400, 3.0, LogEventLevel.Information)]
    [InlineData(401, 3.0, LogEventLevel.Information)]
    [InlineData(429, 3.0, LogEventLevel.Information)]
    [InlineData(200, 1000.0, LogEventLevel.Warning)]
    [InlineData(404, 2500.0, LogEventLevel.Warning)]
    [InlineData(500, 3.0, LogEventLevel.Error)]
    [InlineData(503, 5000.0, LogEventLevel.Error)]
    public void A_request_is_logged_at_a_level_that_fits_its_outcome(int status, double elapsedMs, LogEventLevel expected) =>
        ApiLogging.LevelOf(status, elapsedMs, exception: null).Should().Be(expected);

    [Fact]
    public void A_request_that_threw_is_an_error_whatever_its_status() =>
        ApiLogging.LevelOf(200, 3.0, new InvalidOperationException("boom")).Should().Be(LogEventLevel.Error);

    [Fact]
    public void The_budget_gives_a_burst_then_refills_at_its_rate_and_counts_what_it_held_back()
    {
        var clock = new FrozenClock();
        var budget = new RefusalLogBudget(clock);

        Enumerable.Range(0, RefusalLogBudget.Burst).Should().AllSatisfy(_ => budget.TryTake(out long _).Should().BeTrue());
        budget.TryTake(out _).Should().BeFalse();
        budget.TryTake(out _).Should().BeFalse();
        budget.TryTake(out _).Should().BeFalse();

        clock.Now += TimeSpan.FromSeconds(2.5 / RefusalLogBudget.LinesPerSecond);
        budget.TryTake(out var notLogged).Should().BeTrue();
        notLogged.Should().Be(3, "three refusals were held back since the last line");
        budget.TryTake(out notLogged).Should().BeTrue();
        notLogged.Should().Be(0);
        budget.TryTake(out _).Should().BeFalse("two and a half lines had come back, not three");

        // A quiet hour refills the bucket to its burst, not beyond.
        clock.Now += TimeSpan.FromHours(1);
        Enumerable.Range(0, RefusalLogBudget.Burst).Should().AllSatisfy(_ => budget.TryTake(out long _).Should().BeTrue());
        budget.TryTake(out _).Should().BeFalse();
    }
}
