using System.Net;
using System.Text.Json;

namespace EventChat.IntegrationTests.Api.Common;

/// <summary>Checks that a response is RFC 9457 problem+json as the contract describes, and returns its body.</summary>
public static class ProblemAssertions
{
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", text);
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        body.GetProperty("status").GetInt32().Should().Be((int)status);
        body.GetProperty("type").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        var correlationId = response.Headers.GetValues("X-Correlation-Id").Should().ContainSingle().Subject;
        body.GetProperty("correlationId").GetString().Should().Be(correlationId);
        return body;
    }
}
