using System.Net;
using System.Text;
using EventChat.Api.Common;
using EventChat.IntegrationTests.Support;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>
/// Body errors on a real JSON route of the Api, <c>POST /api/auth/register</c>. These fail with 404 until the
/// accounts routes exist (they are built alongside); the same behaviours are covered route-independently by
/// <see cref="CommonGroundHostTests"/>.
/// </summary>
public sealed class RegisterBodyErrorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly Uri Register = new("/api/auth/register", UriKind.Relative);

    [Fact]
    public async Task Register_with_malformed_json_is_400_problem()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Register, new StringContent("{\"username\": \"ab", Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("not valid JSON");
    }

    [Fact]
    public async Task Register_with_a_value_of_the_wrong_type_is_400_problem()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Register, new StringContent("{\"username\": 42, \"email\": [], \"password\": {}}", Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_with_a_non_json_content_type_is_415_problem()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Register, new StringContent("username=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString().Should().Contain("application/json");
    }

    [Fact]
    public async Task Register_with_a_body_over_the_limit_is_413_problem()
    {
        using var client = factory.CreateClient();
        var huge = "{\"username\":\"" + new string('a', (int)RequestBodyLimits.DefaultMaxBytes) + "\",\"email\":\"a@b.c\",\"password\":\"12345678\"}";

        using var response = await client.PostAsync(Register, new StringContent(huge, Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
