using EventChat.Api;
using EventChat.Api.Common;
using EventChat.Api.Common.Auth;
using EventChat.Api.Observability;
using EventChat.Api.Operations;
using EventChat.Api.Realtime;
using EventChat.Api.WebClient;
using EventChat.Infrastructure;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using EventChat.Projections;

// Settings come from the environment and .env, never from appsettings files: without this the host watches the
// content root for them, and every line the Api logs under logs/ woke that watcher (about 7% of the Api's CPU).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

// Settings: host configuration (environment variables, test overrides) first, then the nearest .env.
EventChatSettings settings;
try
{
    var dotEnvPath = DotEnvFile.Find(Directory.GetCurrentDirectory());
    var dotEnv = dotEnvPath is null ? new Dictionary<string, string>() : DotEnvFile.Read(dotEnvPath);
    settings = EventChatSettings.Load(name => builder.Configuration[name] ?? dotEnv.GetValueOrDefault(name));
}
catch (SettingsException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

if (!EventChat.Domain.Common.UserText.NormalizationWorks)
{
    await Console.Error.WriteLineAsync("Unicode normalization is unavailable: install ICU (libicu) and do not force invariant globalization (DOTNET_SYSTEM_GLOBALIZATION_INVARIANT).");
    return 1;
}

// The hub is served on PORT and on WS_PORT (the ops manual's separate WebSocket port); both serve everything.
builder.WebHost.UseUrls(settings.WsPort == settings.Port
    ? [$"http://0.0.0.0:{settings.Port}"]
    : [$"http://0.0.0.0:{settings.Port}", $"http://0.0.0.0:{settings.WsPort}"]);
builder.AddApiCommon(settings);
builder.Services.AddEventChatInfrastructure(settings);
builder.Services.AddEventChatApplication();
builder.Services.AddEventChatAuth(settings);
builder.Services.AddApiRateLimiting(settings);

// PROJECTIONS_IN_PROCESS=false when projections run as their own worker processes (scale-out).
var runProjections = !string.Equals(builder.Configuration["PROJECTIONS_IN_PROCESS"], "false", StringComparison.OrdinalIgnoreCase);
builder.Services.AddEventChatProjections(settings, runEngine: runProjections);
builder.Services.AddFeatureModules(settings, typeof(Program).Assembly);

var app = builder.Build();
await app.Services.InitializeEventChatAsync(app.Lifetime.ApplicationStopping);

app.UseHttpMetrics();
app.UseApiForwardedHeaders(settings);
app.UseApiCommon(settings);
app.UseWebClient(settings);
app.UseHangfireDashboardToken();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseEventChatHangfireDashboard();

var api = app.MapGroup("/" + settings.ApiPrefix);
api.MapEndpointGroups();
app.MapChatHub();
app.MapApiDocs(settings);
app.MapEventChatMetrics();

await app.RunAsync();
return 0;
