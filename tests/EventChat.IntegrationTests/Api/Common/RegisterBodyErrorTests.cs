using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventChat.Api.Common;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>Body errors on a real JSON route, <c>POST /api/auth/register</c>, served by Kestrel.</summary>
public sealed class RegisterBodyErrorTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
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
    public async Task Register_with_a_value_of_the_wrong_type_is_400_problem_naming_the_field()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Register, new StringContent("{\"username\": 42, \"email\": \"a@b.c\"}", Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("username", out _).Should().BeTrue(problem.ToString());
        problem.ToString().Should().NotContain("System.String").And.NotContain("RegisterRequest");
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
    public async Task Register_with_a_body_over_the_limit_is_413_problem_naming_the_limit()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Register, new StringContent(Oversized(), Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString().Should().Contain(ApiCommon.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Register_with_a_chunked_body_over_the_limit_is_413_problem()
    {
        using var client = factory.CreateClient();
        using var body = new NonSeekableStream(Encoding.UTF8.GetBytes(Oversized()));
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(Register, content);

        content.Headers.ContentLength.Should().BeNull("the test is about a body of unknown length");
        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private static string Oversized() =>
        "{\"username\":\"" + new string('a', (int)ApiCommon.MaxRequestBodyBytes) + "\",\"email\":\"a@b.c\",\"password\":\"12345678\"}";

    /// <summary>A body whose length the client cannot know in advance, so it is sent without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
