using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using EventChat.Infrastructure.EventStore;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Projections;

/// <summary>An Api whose ADMIN_USERNAMES names two users: one admin per test of the class.</summary>
public sealed class TwoAdminsApiFactory : ApiFactory
{
    public string AdminUsername { get; } = ApiClientExtensions.UniqueName("admin");

    public string OtherAdminUsername { get; } = ApiClientExtensions.UniqueName("admin");

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["ADMIN_USERNAMES"] = $"{AdminUsername},{OtherAdminUsername}" };
}

/// <summary>Rebuilds through the admin API: a Hangfire job replays the log into fresh tables and swaps them in.</summary>
[Collection(RebuildCollection.Name)]
public sealed class ProjectionRebuildTests(TwoAdminsApiFactory factory) : IClassFixture<TwoAdminsApiFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private const string Tampered = "tampered";

    [Fact]
    public async Task Rebuild_of_the_users_projection_replaces_its_table_with_one_equal_row_for_row_and_repairs_a_row_changed_by_hand()
    {
        var (admin, _, _) = await factory.SignedInUserAsync(factory.AdminUsername);
        var (plain, victim, _) = await factory.SignedInUserAsync();
        using (admin)
        using (plain)
        {
            await Deadline.WaitUntilAsync(async () => (await RowAsync(victim.Id)) is not null, Timeout, "the user is projected");
            var before = await AllRowsAsync();
            await using (var connection = await Connections.OpenAsync(CancellationToken.None))
            {
                await connection.ExecuteAsync("UPDATE rm_users SET nickname = @tampered WHERE id = @id", new { id = victim.Id.ToString("D"), tampered = Tampered });
            }

            using var forbidden = await plain.PostAsync("/api/admin/projections/users/rebuild", null);
            await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            using var unknown = await admin.PostAsync("/api/admin/projections/no-such-projection/rebuild", null);
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);

            using var accepted = await admin.PostAsync("/api/admin/projections/users/rebuild", null);
            await accepted.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString().Should().NotBeNullOrEmpty();

            // The row must be there and repaired: a missing row (an empty table swapped in) is not a repair.
            await Deadline.WaitUntilAsync(async () => await RowAsync(victim.Id) is { Nickname: not Tampered }, Timeout, "the rebuilt table is swapped in");
            var after = (await AllRowsAsync()).ToDictionary(r => r.Id);
            // A row tampered by an earlier run that stopped before its rebuild swapped in is repaired too: not equal, rightly.
            foreach (var row in before.Where(r => r.Nickname != Tampered || r.Id == victim.Id))
            {
                after.Should().ContainKey(row.Id);
                if (after[row.Id].LastPosition == row.LastPosition)
                {
                    after[row.Id].Should().Be(row, "the rebuilt row equals the live one, column for column");
                }
                else
                {
                    // Other tests write in parallel: a row that moved on was changed by a later event.
                    after[row.Id].LastPosition.Should().BeGreaterThan(row.LastPosition);
                }
            }

            after[victim.Id].Nickname.Should().Be(before.Single(r => r.Id == victim.Id).Nickname, "the row changed by hand is repaired");

            using var list = await admin.GetAsync("/api/admin/projections");
            await list.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var users = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(p => p.GetProperty("name").GetString() == "users");
            users.GetProperty("headPosition").GetInt64().Should().BeGreaterThanOrEqualTo(users.GetProperty("position").GetInt64());
            users.GetProperty("lag").GetInt64().Should().BeGreaterThanOrEqualTo(0);
            users.GetProperty("parkedEvents").GetArrayLength().Should().Be(0);
        }
    }

    [Fact]
    public async Task Hangfire_dashboard_is_for_admins_who_bring_their_token_once()
    {
        var (admin, _, adminTokens) = await factory.SignedInUserAsync(factory.OtherAdminUsername);
        var (plain, _, plainTokens) = await factory.SignedInUserAsync();
        using (admin)
        using (plain)
        {
            using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
            using var anonymous = await browser.GetAsync("/hangfire");
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            using var notAdmin = await browser.GetAsync($"/hangfire?access_token={plainTokens.AccessToken}");
            notAdmin.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);

            using var signIn = await browser.GetAsync($"/hangfire?access_token={adminTokens.AccessToken}");
            signIn.StatusCode.Should().Be(HttpStatusCode.OK);
            using var withCookie = await browser.GetAsync("/hangfire/jobs/succeeded");
            withCookie.StatusCode.Should().Be(HttpStatusCode.OK, "the dashboard's own links work with the cookie the first visit set");
        }
    }

    private static MySqlConnectionFactory Connections => new(TestSettings.Current.MySqlConnectionString);

    private static async Task<UserRow?> RowAsync(Guid id)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(
            "SELECT id AS Id, username AS Username, email AS Email, nickname AS Nickname, bio AS Bio, roles AS Roles, last_position AS LastPosition FROM rm_users WHERE id = @id",
            new { id = id.ToString("D") });
    }

    private static async Task<IReadOnlyList<UserRow>> AllRowsAsync()
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<UserRow>(
            "SELECT id AS Id, username AS Username, email AS Email, nickname AS Nickname, bio AS Bio, roles AS Roles, last_position AS LastPosition FROM rm_users")).ToArray();
    }

    private sealed record UserRow(Guid Id, string Username, string Email, string Nickname, string Bio, string Roles, long LastPosition);
}
