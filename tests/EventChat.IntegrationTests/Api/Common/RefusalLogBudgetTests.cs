using System.Net;
using System.Text.Json;
using EventChat.Api.Common;
using EventChat.Application.Abstractions;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>A flood of refused requests writes a bounded number of lines to the log, then says how many it left out.</summary>
public sealed class RefusalLogBudgetTests(RefusalLogBudgetTests.FrozenClockApiFactory factory) : IClassFixture<RefusalLogBudgetTests.FrozenClockApiFactory>
{
    [Fact]
    public async Task A_flood_of_401s_writes_the_burst_and_the_next_line_counts_the_rest()
    {
        using var client = factory.CreateClient();
        var flood = "flood-" + Guid.NewGuid().ToString("N");
        const int heldBack = 20;

        for (var i = 0; i < RefusalLogBudget.Burst + heldBack; i++)
        {
            using var refused = await SendAsync(client, $"{flood}-{i}");
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "every request of the flood is still answered");
        }

        factory.Clock.Now += TimeSpan.FromSeconds(1 / RefusalLogBudget.LinesPerSecond);
        using var last = await SendAsync(client, $"{flood}-last");

        var logFile = EventChat.Infrastructure.Logging.EventChatLogging.LogFilePath(factory.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
        var line = await LogFiles.WaitForLineAsync(logFile, l => l.Contains($"{flood}-last", StringComparison.Ordinal));
        using var entry = JsonDocument.Parse(line);
        entry.RootElement.GetProperty("StatusCode").GetInt32().Should().Be(401);
        entry.RootElement.GetProperty("RefusalsNotLogged").GetInt64().Should().Be(heldBack);
        // One queue writes the lines in order: the last request's line is there, so every earlier one would be.
        LogFiles.ReadLines(logFile).Count(l => l.Contains(flood, StringComparison.Ordinal)).Should().Be(RefusalLogBudget.Burst + 1);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/users/me", UriKind.Relative));
        request.Headers.TryAddWithoutValidation(CorrelationIds.HeaderName, correlationId);
        return await client.SendAsync(request);
    }

    /// <summary>The Api with a frozen clock, so that the refusal budget does not refill while the flood is sent.</summary>
    public sealed class FrozenClockApiFactory : ApiFactory
    {
        public FrozenClock Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
        }
    }
}
