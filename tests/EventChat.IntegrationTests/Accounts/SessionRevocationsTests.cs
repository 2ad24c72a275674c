using System.Net;
using System.Net.Http.Json;
using EventChat.Application.Abstractions;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;
using EventChat.Projections.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Accounts;

/// <summary>
/// The access-token check on an instance that does not run the ended-sessions projection: it learns of a logout
/// from <c>rm_ended_sessions</c> within about a second, and asking about many sessions costs one read, not one each.
/// </summary>
public sealed class SessionRevocationsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Another_instance_refuses_the_token_of_a_logged_out_session_within_seconds()
    {
        var otherInstance = NewInstance();
        var (client, _, tokens) = await factory.SignedInUserAsync();
        using (client)
        {
            var sessionId = Guid.Parse(tokens.RefreshToken.Split('.')[0]);
            (await otherInstance.IsEndedAsync(sessionId, CancellationToken.None)).Should().BeFalse("the session is live");

            using var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken });
            await logout.ShouldHaveStatusAsync(HttpStatusCode.NoContent);

            await Deadline.WaitUntilAsync(
                async () => await otherInstance.IsEndedAsync(sessionId, CancellationToken.None),
                SessionRevocations.RefreshEvery + TimeSpan.FromSeconds(4),
                "the other instance reads the ended session from the read model");
        }
    }

    [Fact]
    public async Task A_thousand_sessions_checked_at_once_cost_one_read_of_the_table()
    {
        var otherInstance = NewInstance();

        var answers = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => otherInstance.IsEndedAsync(Guid.NewGuid(), CancellationToken.None).AsTask()));

        answers.Should().AllBeEquivalentTo(false, "none of these sessions ended");
        // One read shared by the callers that found the copy stale; a second only if the first took longer than
        // RefreshEvery on a loaded machine (freshness counts from its start). A read per session would be 1,000.
        otherInstance.Reads.Should().BeInRange(1, 2, "the callers that found the copy stale share one read");
    }

    private SessionRevocations NewInstance() => new(
        factory.Services.GetRequiredService<MySqlConnectionFactory>(),
        factory.Services.GetRequiredService<EventChatSettings>(),
        factory.Services.GetRequiredService<IClock>());
}
