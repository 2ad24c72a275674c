using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace EventChat.IntegrationTests.WebClient;

/// <summary>One person in their own browser context (own storage, own tokens), with every script error they saw.</summary>
public sealed class BrowserUser : IAsyncDisposable
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext context;
    private readonly string screenshots;
    private readonly ConcurrentQueue<string> errors = new();

    private BrowserUser(string name, IBrowserContext context, IPage page, string screenshots)
    {
        Name = name;
        this.context = context;
        Page = page;
        this.screenshots = screenshots;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"{name} console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"{name} page error: {error}");
    }

    public string Name { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions of this person's pages so far.</summary>
    public IReadOnlyCollection<string> Errors => errors.ToArray();

    public static async Task<BrowserUser> OpenAsync(BrowserFixture fixture, string name, int width = 1100, int height = 760)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Api.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        var user = new BrowserUser(name, context, page, fixture.ScreenshotDirectory);
        var response = await page.GotoAsync("/app");
        response.Should().NotBeNull();
        response!.Status.Should().Be(200);
        return user;
    }

    public ILocator ById(string id) => Page.Locator($"#{id}");

    public Task ScreenshotAsync(string step) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"{step}.png"), FullPage = false });

    /// <summary>The token pair the page keeps in localStorage (null when signed out).</summary>
    public async Task<StoredSession?> StoredSessionAsync()
    {
        var json = await Page.EvaluateAsync<string?>("() => localStorage.getItem('eventchat.session')");
        return json is null ? null : JsonSerializer.Deserialize<StoredSession>(json, WebJson);
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}

public sealed record StoredSession(string AccessToken, string RefreshToken, long ExpiresAt);
