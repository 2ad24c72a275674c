using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using EventChat.Infrastructure.EventStore;

namespace EventChat.IntegrationTests.Support;

/// <summary>
/// Sends bad requests one after another and reports every answer that is not the expected 4xx problem+json,
/// for the bad-input tests of each feature (which then check that nothing reached the log).
/// </summary>
public static class BadInputRunner
{
    /// <summary>"name: status type body" of each request whose answer was not its expected status as problem+json.</summary>
    public static async Task<IReadOnlyList<string>> FailuresAsync(
        HttpClient client, IEnumerable<(string Name, HttpRequestMessage Request, System.Net.HttpStatusCode Expected)> cases)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cases);
        var failures = new List<string>();
        foreach (var (name, request, expected) in cases)
        {
            using (request)
            {
                // The client waits for the server's answer before sending a body: a 413 decided from Content-Length then
                // arrives as an answer, instead of racing the upload and surfacing as a broken pipe in the client.
                request.Headers.ExpectContinue = true;
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (response.StatusCode != expected || mediaType != "application/problem+json" || !HasProblemShape(body, (int)expected))
                {
                    failures.Add($"{name}: {(int)response.StatusCode} {mediaType} {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }

        return failures;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = authorization;
        return request;
    }

    /// <summary>The log's head before the requests: nothing a bad request sends may appear after it.</summary>
    public static async Task<long> HeadPositionAsync()
    {
        await using var connection = await new MySqlConnectionFactory(TestSettings.Current.MySqlConnectionString).OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(position), 0) FROM es_events");
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    private static bool HasProblemShape(string body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.TryGetProperty("title", out _) && root.TryGetProperty("status", out var s) && s.GetInt32() == status;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
