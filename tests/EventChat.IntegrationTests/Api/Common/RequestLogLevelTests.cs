using EventChat.Api.Common;
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
}
