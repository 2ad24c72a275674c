using EventChat.IntegrationTests.Realtime;
using Microsoft.Playwright;

namespace EventChat.IntegrationTests.WebClient;

/// <summary>
/// The Api on a real port (the browser needs one) and Debian's chromium driven by Playwright. Playwright's own
/// browser download is not used: <c>make test</c> installs the <c>chromium</c> package (scripts/install-chromium.sh),
/// and <c>CHROMIUM_PATH</c> may name another build.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromiumPath = "/usr/bin/chromium";
    private const string ChromePath = "/usr/bin/google-chrome";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public RealtimeApiFactory Api { get; } = new();

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Screenshots of each step: .local/test-results/web-client/ of the checkout (or WEB_CLIENT_SCREENSHOTS).</summary>
    public string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("WEB_CLIENT_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(RepositoryRoot(), ".local", "test-results", "web-client");

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        var executable = FindBrowser();
        File.Exists(executable).Should().BeTrue($"the browser tests drive {executable} (make test installs Debian's chromium package)");
        Directory.CreateDirectory(ScreenshotDirectory);
        // Auto-waiting expectations poll until this deadline: the projections may lag a second or more on a busy machine.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        await ((IAsyncLifetime)Api).DisposeAsync();
    }

    /// <summary>CHROMIUM_PATH, else Debian's chromium, else Chrome where there is no chromium (GitHub's Ubuntu runners).</summary>
    private static string FindBrowser()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path)
        {
            return path;
        }

        return File.Exists(DefaultChromiumPath) || !File.Exists(ChromePath) ? DefaultChromiumPath : ChromePath;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

/// <summary>
/// The browser tests run alone, after the parallel tests: chromium's processes take a core or two, and beside the
/// rest of the suite on a shared 2-core machine they pushed other tests' 5 s read-your-writes waits past their bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
